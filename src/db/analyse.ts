import type { Db } from './db.ts';

/**
 * Planner statistics that follow the data where nothing else keeps them. PGlite has no autovacuum
 * daemon, and a PostgreSQL server may run without it (switched off for the server, as on the project's
 * machines, or for a table): then plans chosen for "empty" (nested loops, sequential scans) stay as the
 * tables grow. This does what autovacuum's analyze would, where autovacuum does not run:
 * - embedded: a table that grew by more than a fifth in pages since its statistics were taken (the
 *   embedded engine keeps no activity counters);
 * - server: a table whose rows changed since its last analyze more than autovacuum's own default
 *   threshold (50 rows plus a tenth of the table) says.
 * On a server whose autovacuum runs, it does nothing.
 */
export async function analyseerWaarNodig(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ tabel: string }>(db.engine === 'pglite' ? EMBEDDED : SERVER);
  for (const { tabel } of rows) await db.exec(`analyze ${tabel}`);
  return rows.map((r) => r.tabel);
}

const EMBEDDED = `
  select c.oid::regclass::text as tabel from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind = 'r' and n.nspname = 'public'
     and pg_relation_size(c.oid) / 8192 > greatest(c.relpages, 0) * 1.2 + 4`;

const SERVER = `
  select s.relid::regclass::text as tabel
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
   where s.schemaname = 'public'
     and (current_setting('autovacuum') = 'off'
          or exists (select 1 from pg_options_to_table(c.reloptions) o
                      where o.option_name = 'autovacuum_enabled' and o.option_value in ('false', 'off', 'no', '0')))
     and s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)`;
