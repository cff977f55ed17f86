import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.ts';
import { isStalePlan, isTransientDbError } from './errors.ts';
import { StatementNames } from './statement-names.ts';

const INT8 = 20;
const INT8_ARRAY = 1016;
const DATE = 1082;

/**
 * Type parsers that make a PostgreSQL server return what PGlite returns, so that store code
 * sees one shape: int8 as number (our counters stay far below 2^53), date as 'YYYY-MM-DD'.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === INT8_ARRAY) return (v: string) => ((pg.types.getTypeParser as (oid: number) => (v: string) => unknown)(INT8_ARRAY)(v) as string[]).map(Number);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

// One set of names for every connection: pg prepares a name on each connection the first time it runs
// there; a connection with a stale plan is replaced, never renamed.
const statementNames = new StatementNames();

async function run<R>(client: pg.Pool | pg.ClientBase, sql: string, params: unknown[] | undefined, named: boolean): Promise<QueryResult<R>> {
  const res = params ? await client.query({ text: sql, values: params, name: named ? statementNames.of(sql) : undefined }) : await client.query(sql);
  return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
}

function wrap(client: pg.PoolClient, named: boolean): Queryable {
  return {
    query: <R>(sql: string, params?: unknown[]) => run<R>(client, sql, params, named),
    async exec(sql: string) {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

export interface PostgresOptions {
  max?: number;
  /** Told of every connection the server closed; the pool replaces it on the next checkout. */
  onConnectionError?: (err: Error) => void;
  /**
   * Named statements (default). Off for the embedded engine's socket: there every client shares the
   * hub's one PGlite session, where one process's statement names would meet another's.
   */
  namedStatements?: boolean;
}

const warnOnce = (err: Error) => process.emitWarning(`database connection lost: ${err.message}`);

export function openPostgres(connectionString: string, opts: PostgresOptions = {}): Db & { connectionString: string; namedStatements: boolean } {
  const onConnectionError = opts.onConnectionError ?? warnOnce;
  const named = opts.namedStatements ?? true;
  const max = opts.max ?? 10;
  // No JIT: its compile time is paid again at every execution of a prepared statement, and the
  // hub's statements are short. One with a high estimate (a probe per row of a batch, costed for the
  // table's size) took 600 ms of compiling for 0.02 ms of work: B2 at 500 msg/s, auto_explain.
  // The driver's own PGOPTIONS (libpq's) is kept beside it: an explicit `options` would replace it.
  const options = [process.env.PGOPTIONS, '-c jit=off'].filter(Boolean).join(' ');
  const pool = new pg.Pool({ connectionString, types, max, options });
  /**
   * Every connection gets its own 'error' listener for its whole life, from the moment the pool made
   * it. A listener added after `await pool.connect()` comes too late: the server's ReadyForQuery and
   * a FATAL (pg_terminate_backend, a restart) can arrive in one TCP read, and the parser emits the
   * FATAL before the awaiting code runs, on a client the pool no longer listens to, which ends the
   * process. Each lost connection is reported once; the pool's own 'error' (an idle client) then
   * needs no second report.
   */
  const lost = new WeakMap<pg.ClientBase, Error>();
  pool.on('connect', (client) => {
    client.on('error', (err: Error) => {
      if (lost.has(client)) return;
      lost.set(client, err);
      onConnectionError(err);
    });
  });
  pool.on('error', () => undefined);
  /**
   * Outside a transaction: pg's pool runs the statement and destroys the connection on any error, so a
   * connection with a stale plan is gone after it failed once; the statement then runs again on another
   * (each of at most `max` connections can hold the stale plan once).
   */
  async function query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run<R>(pool, sql, params, named);
      } catch (err) {
        if (!isStalePlan(err) || attempt >= max) throw err;
      }
    }
  }
  return {
    engine: 'postgres',
    // Tests, the simulator and the audit verification's worker threads open more connections to the same database with these.
    connectionString,
    namedStatements: named,
    query,
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      // A broken connection (its listener above) is destroyed on release instead of going back to the pool.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client, named));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // Transient, a stale plan included (errors.ts): the connection is replaced; the caller retries.
        broken = lost.get(client);
        if (isTransientDbError(err)) broken ??= err as Error;
        if (!broken) await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
        throw err;
      } finally {
        client.release(broken ?? lost.get(client));
      }
    },
    async close() {
      await pool.end();
    },
  };
}
