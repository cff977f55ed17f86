import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/config.ts';
import { openPglite } from '../src/db/pglite.ts';

const run = promisify(execFile);
// Made by the suite's beforeAll: a skipped suite (the PostgreSQL run) runs no hooks, and left it behind.
let dataDir = '';
// The CLI on its own embedded database, whatever engine the rest of the suite runs on.
const cliEnv = () => ({ ...process.env, VVA_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });

async function vva(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(REPO_ROOT, 'bin/vva.mjs'), ...args], { env: cliEnv(), cwd: dataDir });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// The embedded engine only, whatever engine the suite runs on: the PostgreSQL run of CI would repeat it exactly.
describe.skipIf(Boolean(process.env.DATABASE_URL))('vva command line', { timeout: 240_000 }, () => {
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vva-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports, adds an organisation, issues a token (last line) and verifies the audit log', async () => {
    const imported = await vva('import', 'cbs-gemeenten');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/gemeente\s+toegevoegd 342, gewijzigd 0, gedeactiveerd 0/);

    const again = await vva('import', 'cbs-gemeenten', '--dry-run');
    expect(again.stdout).toMatch(/zou veranderen \(dry run\)/);
    expect(again.stdout).toMatch(/toegevoegd 0, gewijzigd 0, gedeactiveerd 0, ongewijzigd 342/);

    const bad = await vva('org', 'add', '--soort', 'gemeente', '--oin', '12', '--naam', 'X', '--gemeente', '9999');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/oin/);

    const added = await vva('org', 'add', '--soort', 'gemeente', '--oin', '00000099100363000000', '--naam', 'Gemeente Amsterdam', '--gemeente', '0363');
    expect(added.code).toBe(0);

    const issued = await vva('token', 'issue', '--oin', '00000099100363000000');
    expect(issued.code).toBe(0);
    const lastLine = issued.stdout.trim().split('\n').at(-1)!;
    expect(lastLine).toMatch(/^vva_[A-Za-z0-9_-]{43}$/);

    const verified = await vva('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/auditlog intact: 2 schakels \(seq 1–2\), 1 checkpoints/);

    const db = await openPglite({ dataDir });
    await db.exec(`alter table audit_log disable trigger audit_log_append_only; update audit_log set actie = 'x' where seq = 1;`);
    await db.close();
    const broken = await vva('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/seq 1: gewijzigd/);
  });

  it('lists, expires and revokes tokens (issue 12.7)', async () => {
    const oin = '00000099100363000000';
    const issued = await vva('token', 'issue', '--oin', oin, '--label', 'las', '--verloopt', '2099-01-01T00:00:00+01:00');
    const id = /token ([0-9a-f-]{36}) uitgegeven/.exec(issued.stdout)![1]!;
    expect((await vva('token', 'list', '--oin', oin)).stdout).toMatch(new RegExp(`${id}  actief\\s+aangemaakt \\S+  verloopt 2098-12-31T23:00:00.000Z  las`));
    expect((await vva('token', 'expire', '--oin', oin, '--id', id)).stdout).toMatch(new RegExp(`token ${id}: verlopen`));
    expect((await vva('token', 'revoke', '--oin', oin, '--id', id)).stdout).toMatch(new RegExp(`token ${id}: ingetrokken`));
  });

  it('stops with the full list when the configuration is invalid', async () => {
    const res = await run(process.execPath, [path.join(REPO_ROOT, 'bin/vva.mjs'), 'migrate'], { env: { ...cliEnv(), PORT: 'abc', VVA_CLOCK: 'zon' } }).catch((e) => e);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/PORT/);
    expect(res.stderr).toMatch(/VVA_CLOCK/);
  });
});
