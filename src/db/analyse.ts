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
 *
 * It samples 300 × STATISTIEK_DOEL rows per table, not PostgreSQL's default of 30,000: the hub's plans
 * hang on row counts (taken from the whole table either way) and on the spread of keys, which a smaller
 * sample gives well enough, while sampling 30,000 rows of the audit log (900 MB at 100,000 pupils) took
 * 0.36–0.46 s each time, a tenth of the server's work in the simulation (docs/benchmarks.md, 2026-12-04
 * evening). A column with a target of its own (`alter table … set statistics`) keeps it.
 */
export async function analyseerWaarNodig(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ tabel: string }>(db.engine === 'pglite' ? EMBEDDED : SERVER);
  for (const { tabel } of rows) await analyseer(db, tabel);
  return rows.map((r) => r.tabel);
}

/** One table's statistics as the hub takes them (the plan tests take them so too). */
export async function analyseer(db: Db, tabel: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`set local default_statistics_target = ${STATISTIEK_DOEL}`);
    await tx.query(`analyze ${tabel}`);
  });
}

/** Entries per column in the most-common-values list and the histogram (PostgreSQL's default: 100). */
export const STATISTIEK_DOEL = 20;

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
