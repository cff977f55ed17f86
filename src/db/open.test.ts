import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { embeddedSocketPath, openDb } from './open.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vva-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const configFor = (dataDir: string) => loadConfig({}, { VVA_DATA_DIR: dataDir, DATABASE_URL: '' });

// The embedded engine only, whatever engine the suite runs on: the PostgreSQL run of CI would repeat it exactly.
describe.skipIf(Boolean(process.env.DATABASE_URL))('a CLI command finding the embedded database', () => {
  it('does not open the directory a second time when a server holds the socket but does not let it in', async () => {
    const dataDir = path.join(dir, 'held');
    mkdirSync(dataDir);
    // A hub that answers by hanging up (busy, stopping): the files are still its own.
    const server = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(embeddedSocketPath(dataDir), resolve));
    try {
      await expect(openDb(configFor(dataDir), { viaRunningServer: true })).rejects.toThrow();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('opens the directory itself when the socket is a leftover nobody listens on', async () => {
    const dataDir = path.join(dir, 'stale');
    mkdirSync(dataDir);
    writeFileSync(embeddedSocketPath(dataDir), ''); // what a killed hub leaves behind: a name, no listener
    const db = await openDb(configFor(dataDir), { viaRunningServer: true });
    expect(db.engine).toBe('pglite');
    await db.close();
  });
});
