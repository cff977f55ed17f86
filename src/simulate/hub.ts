import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isHealthy } from '@open-vva/client';
import { createContext } from '../app/context.ts';
import { loadConfig, REPO_ROOT } from '../config/config.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open.ts';
import { dropDatabase, freshDatabase } from '../db/scratch.ts';
import { importAll } from '../reference-data/service.ts';
import { middagVan } from './tijd.ts';

export interface SimHub {
  url: string;
  beheerToken: string;
  engine: 'pglite' | 'postgres';
  stop(): Promise<void>;
}

const BEHEER_OIN = '00000099900000000077';

/**
 * A hub of its own for the simulation, as an operator would set one up: a fresh database (PGlite in a
 * temp dir, or a new PostgreSQL database beside DATABASE_URL), the reference data, one beheer
 * identity; then `vva serve` as a separate process with the manual clock. All else goes over HTTP.
 */
export async function startEigenHub(log: (s: string) => void): Promise<SimHub> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vva-sim-'));
  let databaseUrl: string | undefined;
  let opruimen = async () => {};
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `vva_sim_${process.pid}`;
    databaseUrl = await freshDatabase(server, name);
    opruimen = () => dropDatabase(server, name);
  }
  const port = await vrijePoort();
  const env: Record<string, string> = {
    VVA_DATA_DIR: dataDir, PORT: String(port), VVA_CLOCK: 'manual', VVA_CLOCK_START: middagVan(-1),
    LOG_LEVEL: 'warn', NODE_ENV: 'development', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    // One host plays every party at many times real speed: per-address and per-token limits would throttle the simulation itself.
    VVA_RATE_LIMIT_PER_CREDENTIAL: '0', VVA_RATE_LIMIT_PER_ADDRESS: '0', VVA_AUTH_FAILURES_MAX: '0',
  };
  const config = loadConfig({ ...process.env, ...env, DATABASE_URL: databaseUrl ?? '' });
  const db = await openDb(config);
  await migrate(db);
  await importAll(db, config.referenceDir);
  const ctx = await createContext(config, db);
  await ctx.identity.addOrganisation({ oin: BEHEER_OIN, soort: 'beheer', naam: 'Beheer (simulatie)' }, null);
  const { token } = await ctx.identity.issueToken(BEHEER_OIN, { label: 'simulatie', gebruiker: 'simulator' });
  await db.close();
  log(`hub: ${databaseUrl ? 'PostgreSQL' : 'PGlite'} in ${databaseUrl ? new URL(databaseUrl).pathname.slice(1) : dataDir}, poort ${port}`);

  // VVA_SIM_HUB_NODE_ARGS: extra Node options for the hub process only, e.g. `--cpu-prof` to profile it.
  const nodeArgs = (process.env.VVA_SIM_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin/vva.mjs'), 'serve'], {
    env: { ...process.env, ...env, ...(databaseUrl ? {} : { DATABASE_URL: '' }) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`de hub stopte bij het starten:\n${output}`);
    if (await isHealthy(url)) break;
    if (Date.now() > deadline) throw new Error(`de hub startte niet binnen 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, beheerToken: token, engine: databaseUrl ? 'postgres' : 'pglite',
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await opruimen();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function vrijePoort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
