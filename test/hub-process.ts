import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../src/config/config.ts';
import { embeddedSocketPath } from '../src/db/open.ts';
import { HUB_NODE_ARGS } from '../src/shared/process-memory.ts';

/** A real `vva serve` child process, for tests that kill and restart the hub. */
export interface HubProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Started as in production: with the hub's heap bound, unless `nodeArgs` say otherwise. */
export async function startHub(env: Record<string, string>, args: string[] = [], nodeArgs = HUB_NODE_ARGS): Promise<HubProcess> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin/vva.mjs'), 'serve', ...args], {
    // The crash tests send as fast as they can from one address: rate limits off.
    env: { ...process.env, LOG_LEVEL: 'warn', VVA_RATE_LIMIT_PER_CREDENTIAL: '0', VVA_RATE_LIMIT_PER_ADDRESS: '0', VVA_AUTH_FAILURES_MAX: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited: ${out}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`hub did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, child, output: () => out,
    kill: (signal = 'SIGKILL') => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    }),
  };
}

/** A connection to the hub's database: the server's PostgreSQL, or the embedded one through its socket. */
export function hubDatabase(env: Record<string, string>): pg.Pool {
  const pool = env.DATABASE_URL
    ? new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 })
    : new pg.Pool({ host: path.dirname(embeddedSocketPath(env.VVA_DATA_DIR!)), user: 'postgres', database: 'postgres', max: 1 });
  // pg's pool hands an idle connection's error to the pool, and an 'error' without a listener ends the
  // test run. `end()` resolves before its connections have closed, so a test that drops its database
  // right after (with force) can still reach one: CI saw a 57P01 end a PostgreSQL run that way. A query's
  // own errors still reach the query.
  pool.on('error', () => undefined);
  return pool;
}
