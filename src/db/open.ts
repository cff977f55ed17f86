import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** Where a running `vva serve` exposes its embedded database to CLI commands (PGlite has one owner). */
// Named as PostgreSQL names its sockets, so that any pg client reaches it with host=<dataDir>.
export const embeddedSocketPath = (dataDir: string) => path.join(dataDir, '.s.PGSQL.5432');

/**
 * Opens the configured database. For the embedded engine, a CLI command that finds a running
 * server's socket talks to that server's database instead of opening the directory a second time.
 */
export async function openDb(config: Config, opts: { viaRunningServer?: boolean } = {}): Promise<Db> {
  if (config.database.kind === 'postgres') return openPostgres(config.database.url);
  const socket = embeddedSocketPath(config.database.dataDir);
  if (opts.viaRunningServer && existsSync(socket)) {
    const db = openPostgres(`postgresql://postgres@/postgres?host=${encodeURIComponent(path.dirname(socket))}`, { max: 1, namedStatements: false });
    try {
      await db.query('select 1');
      return db;
    } catch (err) {
      await db.close().catch(() => undefined);
      // Only a stale socket, left by a server that was killed, lets us open the directory directly; a
      // server that answers (even with an error) still owns it, and a second PGlite on the same files
      // would write past the hub's.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ECONNREFUSED' && code !== 'ENOENT') throw err;
    }
  }
  await mkdir(config.database.dataDir, { recursive: true });
  return openPglite({ dataDir: config.database.dataDir });
}
