import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { PGlite, parse, types } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import type { Db, Queryable, QueryResult } from './db.ts';
import { isStalePlan } from './errors.ts';
import { SessionLock } from './session-lock.ts';
import { StatementNames } from './statement-names.ts';

/** Same row shapes as the PostgreSQL adapter: date as 'YYYY-MM-DD', int8 as number. */
const parsers = { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) };

/**
 * Parameters as text, mapped as node-postgres's own bind maps them for a server (Date with its offset,
 * arrays as array literals, objects as JSON, Buffers as bytes): the same values mean the same on both
 * engines, and no round trip is needed to learn the parameters' types first.
 */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(v: unknown): string | Uint8Array | null };

// The wire protocol both ways with node-postgres's own pg-protocol, as the server adapter speaks it.
const DESCRIBE_PORTAL = serialize.describe({ type: 'P' });
const EXECUTE = serialize.execute({});
const SYNC = serialize.sync();

/**
 * The engine's answer, decoded by node-postgres's parser (the one the server adapter uses): it reads
 * each field straight out of the answer, where PGlite's own parser copies every field before decoding
 * it; a read of 1,000 rows of 12 columns took 17 ms that way and 5.3 ms this way. The engine hands
 * over its output in chunks of its own memory, so each chunk is copied once as it comes.
 */
async function answerOf(pglite: PGlite, message: Uint8Array, syncToFs: boolean): Promise<BackendMessage[]> {
  const messages: BackendMessage[] = [];
  const parser = new Parser();
  await pglite.execProtocolRawStream(message, { syncToFs, onRawData: (bytes) => parser.parse(Buffer.from(bytes), (m) => messages.push(m)) });
  return messages;
}

/**
 * One statement with its parameters in one call into the engine. PGlite's own query() makes six
 * (parse, describe the statement for its parameter types, bind, describe, execute, sync), each a
 * pass through PostgreSQL's main loop in WebAssembly; a point select took 1.5–2 × as long that way
 * (docs/benchmarks.md). A statement is prepared once per session under its name (statement-names.ts);
 * one made stale by a schema change is prepared anew under another name.
 */
function statementRunner(pglite: PGlite) {
  const names = new StatementNames();
  const prepared = new Set<string>();
  async function once<R>(sql: string, params: unknown[], inTransaction: boolean): Promise<QueryResult<R>> {
    if (pglite.closed) throw new Error('PGlite is closed');
    const name = names.of(sql);
    const known = name !== undefined && prepared.has(name);
    const message = Buffer.concat([
      ...(known ? [] : [serialize.parse({ name, text: sql })]),
      serialize.bind({ statement: name, values: params, valueMapper: prepareValue }),
      DESCRIBE_PORTAL, EXECUTE, SYNC,
    ]);
    const messages = await pglite.runExclusive(() => answerOf(pglite, message, !inTransaction));
    // A Parse that succeeded made the name, whatever failed after it.
    if (name !== undefined && !known && messages.some((m) => m.name === 'parseComplete')) prepared.add(name);
    const error = messages.find((m) => m.name === 'error');
    if (error) {
      if (isStalePlan(error)) names.retire(sql);
      // A socket client's DEALLOCATE ALL or DISCARD ALL dropped it: the next run prepares it again.
      if ((error as { code?: string }).code === '26000' && known) prepared.delete(name);
      throw error;
    }
    const [result] = parse.parseResults(messages, pglite.parsers);
    return { rows: result!.rows as R[], rowCount: result!.affectedRows || result!.rows.length };
  }
  return async function run<R>(sql: string, params: unknown[] = [], inTransaction: boolean): Promise<QueryResult<R>> {
    try {
      return await once<R>(sql, params, inTransaction);
    } catch (err) {
      // Outside a transaction the statement runs again, prepared anew; inside one the transaction has
      // failed, and a stale plan is a transient error (errors.ts): the caller retries it whole.
      if (inTransaction || !isStalePlan(err)) throw err;
      return once<R>(sql, params, inTransaction);
    }
  };
}

export type PgliteDb = Db & { pglite: PGlite; session: SessionLock };

export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob | File } = {}): Promise<PgliteDb> {
  const pglite = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, parsers });
  const run = statementRunner(pglite);
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
    query: (sql, params) => (guard(), session.run(() => run(sql, params, false))),
    exec: (sql) => (guard(), session.run(async () => void (await pglite.exec(sql)))),
    transaction: (fn) =>
      session.run(() =>
        pglite.transaction((tx) => {
          const queryable: Queryable = {
            query: (sql, params) => run(sql, params, true),
            exec: async (sql) => void (await tx.exec(sql)),
          };
          return inTransaction.run(true, () => fn(queryable));
        }),
      ),
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
