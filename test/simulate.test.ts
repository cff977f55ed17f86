import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/config.ts';

// Several hub processes share one database only on a server (spec §19); the embedded engine serves one.
const postgres = Boolean(process.env.DATABASE_URL);
const processen = postgres ? 3 : 1;

/**
 * The acceptance run: `vva simulate --pupils 20000 --faults` against a hub of its own (embedded
 * PGlite as one process, or PostgreSQL as three behind the simulator's proxy), over HTTP, checked
 * against the simulator's ground truth while webhooks fail, time out, answer 429 or 410, hub processes
 * are killed and (on PostgreSQL) database connections cut. Exit code 0 means every gemeente, school,
 * supplier and overstapsysteem got exactly what the spec requires, nothing lost.
 */
it(`vva simulate --pupils 20000 --faults${postgres ? ' --processes 3' : ''}: a whole cycle with faults, every party gets exactly what the spec requires`, async () => {
  const rapport = mkdtempSync(path.join(tmpdir(), 'vva-sim-rapport-'));
  const args = ['simulate', '--pupils', '20000', '--seed', '42', '--faults', '--kills', '3', '--cuts', '3', '--processes', String(processen), '--report', rapport];
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/vva.mjs'), ...args], { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(output).toContain('alles klopt');
  expect(code, output).toBe(0);
  const md = readFileSync(path.join(rapport, 'simulatie.md'), 'utf8');
  expect(md).toContain('**Uitkomst: alles klopt.**');
  expect(md).toMatch(/signalen per gemeente \(§7\)[^|]*\| [1-9][0-9,]* \| [1-9][0-9,]* \| 0 ✓/);
  expect(md).toMatch(/leveranciersinbox LAS[^|]*\| [1-9][0-9,]* \| [1-9][0-9,]* \| 0 ✓/);
  expect(md).toMatch(/uploads \(§11\)[^|]*\| [1-9][0-9,]* \| [1-9][0-9,]* \| 0 ✓/);
  expect(md).toMatch(/Centraal Aanmelden \(§17\)[^|]*\| [1-9][0-9,]* \| [1-9][0-9,]* \| 0 ✓/);
  // Spec §2: some parties by client certificate alone (their own checks above are green), two certificates refused.
  expect(md).toMatch(/mTLS-clients \(§2\)[^|]*\| [1-9][0-9,]* \| [1-9][0-9,]* \| 0 ✓/);
  expect(md).toMatch(/ [1-9][0-9,]* API-verzoeken over een certificaat, [1-9][0-9,]* met een token/);
  // The faults struck and cost retries: each kind of misbehaving webhook, and the hub's own.
  const getal = (x: string) => Number(x.replace(/,/g, ''));
  for (const soort of ['helft 500', 'te laat', '429', '410']) {
    const rij = md.match(new RegExp(`\\| webhook: [^|]*${soort}[^|]* \\| ([0-9,]+) \\| ([0-9,]+) \\| ([0-9,]+) \\|`));
    expect(rij, soort).not.toBeNull();
    const [eindpunten, storingen, herhalingen] = rij!.slice(1, 4).map(getal) as [number, number, number];
    expect(eindpunten, soort).toBeGreaterThan(0);
    expect(storingen, soort).toBeGreaterThan(0);
    // A 410 is not retried: the hub disables the webhook and the party pulls the rest.
    if (soort !== '410') expect(herhalingen, soort).toBeGreaterThanOrEqual(storingen);
  }
  expect(md.match(/\| SIGKILL \|/g)).toHaveLength(3);
  if (postgres) {
    expect(md.match(/\| pg_terminate_backend \|/g)).toHaveLength(3);
    expect(md).toContain('api-1 (api), api-2 (api), worker-3 (worker)');
  }
  expect(readdirSync(rapport).filter((f) => f.endsWith('.svg'))).toHaveLength(4);
  // Each hub process's peak memory is reported (issue 11's M; its target is for B1 and B5, docs/benchmarks.md).
  const pieken = [...output.matchAll(/(\S+) piek (\d+) MB/g)].map((m) => ({ naam: m[1], mb: Number(m[2]) }));
  expect(pieken.map((p) => p.naam)).toEqual(postgres ? ['api-1', 'api-2', 'worker-3'] : ['hub']);
  for (const p of pieken) expect(p.mb, p.naam).toBeGreaterThan(50);
}, 40 * 60_000);
