import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/config.ts';

/**
 * The acceptance run: `vva simulate --pupils 20000` against a hub of its own (embedded PGlite,
 * or PostgreSQL when DATABASE_URL is set), over HTTP, checked against the simulator's ground truth.
 * Exit code 0 means every gemeente, school and overstapsysteem got exactly what the spec requires.
 */
it('vva simulate --pupils 20000: a whole cycle, every party gets exactly what the spec requires', async () => {
  const rapport = mkdtempSync(path.join(tmpdir(), 'vva-sim-rapport-'));
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/vva.mjs'), 'simulate', '--pupils', '20000', '--seed', '42', '--report', rapport], {
    env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(output).toContain('alles klopt');
  expect(code, output).toBe(0);
  const md = readFileSync(path.join(rapport, 'simulatie.md'), 'utf8');
  expect(md).toContain('**Uitkomst: alles klopt.**');
  expect(md).toMatch(/signalen per gemeente \(§7\) \| [1-9][0-9,]* \| [1-9][0-9,]* \| 0 ✓/);
  expect(readdirSync(rapport).filter((f) => f.endsWith('.svg'))).toHaveLength(3);
}, 40 * 60_000);
