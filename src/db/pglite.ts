import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db.ts';
import { SessionLock } from './session-lock.ts';

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(db: PgliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const res = await db.query<R>(sql, params);
      return { rows: res.rows, rowCount: res.affectedRows || res.rows.length };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/** Same row shapes as the PostgreSQL adapter: date as 'YYYY-MM-DD', int8 as number. */
const parsers = { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) };

export type PgliteDb = Db & { pglite: PGlite; session: SessionLock };

export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob | File } = {}): Promise<PgliteDb> {
  const pglite = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, parsers });
  const base = wrap(pglite);
  // Shared with the socket through which CLI commands reach this database while the hub serves:
  // each query, and each transaction as a whole, runs while no client of the socket is mid-transaction.
  const session = new SessionLock();
  // PGlite is one connection: its transaction() holds an exclusive lock and other queries wait. A
  // query on the outer handle from *inside* a transaction would wait for itself forever; fail instead.
  const inTransaction = new AsyncLocalStorage<boolean>();
  const guard = () => {
    if (inTransaction.getStore()) throw new Error('query on the database handle inside a transaction: use the transaction (tx) instead');
  };
  return {
    engine: 'pglite',
    pglite,
    session,
    query: (sql, params) => (guard(), session.run(() => base.query(sql, params))),
    exec: (sql) => (guard(), session.run(() => base.exec(sql))),
    transaction: (fn) => session.run(() => pglite.transaction((tx) => inTransaction.run(true, () => fn(wrap(tx))))),
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
