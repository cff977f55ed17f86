import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../config/config.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'vva-instellingsbeheerder-'));
const env = { ...process.env, VVA_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };

/** The real CLI on its own embedded database, the password on standard input as a script gives it. */
function vva(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/vva.mjs'), ...args], { env, cwd: dataDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('vva instellingsbeheerder add: beheer creates an instelling\'s administrators, two at most, only for a known instelling', { timeout: 120_000 }, async () => {
  expect((await vva(['import', 'mbo-instellingen'])).code).toBe(0);
  const add = (naam: string, brin = '90AA') => vva(['instellingsbeheerder', 'add', '--brin', brin, '--gebruikersnaam', naam, '--naam', `Test ${naam}`], 'een lang genoeg wachtwoord\n');
  const eerste = await add('roc-een');
  expect(eerste.code, eerste.stderr).toBe(0);
  expect(eerste.stdout).toMatch(/TOTP-geheim: [A-Z2-7]{32}/);
  expect((await add('roc-twee')).code).toBe(0);
  const derde = await add('roc-drie');
  expect(derde.code).toBe(1);
  expect(derde.stderr).toContain('ten hoogste twee beheerders');
  const onbekend = await add('nergens', '00ZZ');
  expect(onbekend.code).toBe(1);
  expect(onbekend.stderr).toContain('geen actieve mbo-instelling');
});
