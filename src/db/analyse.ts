import type { Db } from './db.ts';

/**
 * The embedded engine has no autovacuum daemon, so its planner statistics never follow the data:
 * as tables grow from empty, plans chosen for "empty" (nested loops, sequential scans) stay. This
 * does what autovacuum's analyze would: a table that grew by more than a fifth (in pages, since the
 * embedded engine keeps no activity counters) since its statistics were taken is analysed again.
 * On PostgreSQL the server's autovacuum does this and the function does nothing.
 */
export async function analyseerWaarNodig(db: Db): Promise<string[]> {
  if (db.engine !== 'pglite') return [];
  const { rows } = await db.query<{ tabel: string }>(
    `select c.oid::regclass::text as tabel from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = 'public'
        and pg_relation_size(c.oid) / 8192 > greatest(c.relpages, 0) * 1.2 + 4`);
  for (const { tabel } of rows) await db.exec(`analyze ${tabel}`);
  return rows.map((r) => r.tabel);
}
