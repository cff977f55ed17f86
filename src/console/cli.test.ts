import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config/config.ts';
import { stapVan, totpCode } from './totp.ts';

// Made by the suite's beforeAll: a skipped suite (the PostgreSQL run) runs no hooks, and left it behind.
let dataDir = '';
// The CLI on its own embedded database, whatever engine the rest of the suite runs on.
const cliEnv = () => ({ ...process.env, VVA_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });

/** The real CLI on its own embedded database, the password on standard input as a script would give it. */
function vva(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/vva.mjs'), ...args], { env: cliEnv(), cwd: dataDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

// The embedded engine only, whatever engine the suite runs on: the PostgreSQL run of CI would repeat it exactly.
describe.skipIf(Boolean(process.env.DATABASE_URL))('vva beheerder', { timeout: 90_000 }, () => {
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vva-beheerder-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds an operator with the password from stdin and shows the TOTP secret once; refuses a short password and a duplicate', async () => {
    const ok = await vva(['beheerder', 'add', '--gebruikersnaam', 'eerste', '--naam', 'Eerste Beheerder'], 'een lang genoeg wachtwoord\n');
    expect(ok.code, ok.stderr).toBe(0);
    const geheim = /TOTP-geheim: ([A-Z2-7]+)/.exec(ok.stdout)?.[1];
    expect(geheim).toMatch(/^[A-Z2-7]{32}$/);
    expect(ok.stdout).toContain(`otpauth://totp/open-vva:eerste?issuer=open-vva&secret=${geheim}`);
    const kort = await vva(['beheerder', 'add', '--gebruikersnaam', 'tweede', '--naam', 'Tweede'], 'kort\n');
    expect(kort.code).toBe(1);
    expect(kort.stderr).toContain('minstens 12 tekens');
    const dubbel = await vva(['beheerder', 'add', '--gebruikersnaam', 'eerste', '--naam', 'Nog een'], 'een lang genoeg wachtwoord\n');
    expect(dubbel.code).toBe(1);
    expect(dubbel.stderr).toContain('bestaat al');
  });

  it('prints the current code of the demo login from demo-credentials.json', async () => {
    const geheim = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    writeFileSync(path.join(dataDir, 'demo-credentials.json'), JSON.stringify({ hub: 'x', partijen: [], beheer: { totpGeheim: geheim } }));
    const voor = stapVan(Date.now());
    const res = await vva(['beheerder', 'code']);
    const code = res.stdout.split(' ')[0];
    expect([totpCode(geheim, voor * 30_000), totpCode(geheim, (voor + 1) * 30_000)]).toContain(code);
  });
});
