import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/config.ts';
import { startHub, type HubProcess } from './hub-process.ts';

// Issue 12.10: production serves the compiled JavaScript (npm run build → dist/), without tsx.
const dataDir = mkdtempSync(path.join(tmpdir(), 'vva-dist-'));
let hub: HubProcess | undefined;
afterAll(async () => {
  await hub?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

// Always on its own embedded database: run once (the PGlite pass of CI), not again in the PostgreSQL pass.
describe.skipIf(Boolean(process.env.DATABASE_URL))('the compiled build', { timeout: 120_000 }, () => {
  it('builds, starts with NODE_ENV=production without loading any TypeScript, and answers /health', async () => {
    await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT });
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    hub = await startHub({
      PORT: port, VVA_DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'production',
      VVA_PSEUDONYM_KEY: 'dist-test-pseudoniem-sleutel-0123456789abcdef', VVA_AUDIT_KEY: 'dist-test-audit-sleutel-0123456789abcdef01', VVA_GEHEIM_SLEUTEL: 'dist-test-geheim-sleutel-0123456789abcdef',
      // The hooks fail the process if tsx or a .ts file is resolved.
      NODE_OPTIONS: `--import=${path.join(REPO_ROOT, 'test/forbid-typescript.mjs')}`,
    }, [], []); // started without the heap bound: it says so
    expect(hub.output()).toMatch(/started without a heap bound/);
    const res = await fetch(`${hub.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', migraties: 'actueel', engine: 'pglite' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${hub.url}/beheer/static/console/console.css`)).status).toBe(200);
    expect(hub.output()).not.toMatch(/TypeScript at run time/);
  });
});
