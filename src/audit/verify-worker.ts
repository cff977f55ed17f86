/**
 * A worker thread that walks one stretch of the audit chain over a connection of its own
 * (verify.ts hands out the stretches and joins them). Hashing is the walk's cost, and one thread
 * hashes at most one core's worth; the stretches of a long chain go to a thread per core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPostgres } from '../db/postgres.ts';
import type { ChainKey } from './chain.ts';
import { walkStretch } from './verify-walk.ts';

export interface StretchTask {
  connectionString: string;
  namedStatements: boolean;
  na: number;
  tot: number;
  chainKey: ChainKey;
  pageSize: number;
}

const task = workerData as StretchTask;
const db = openPostgres(task.connectionString, { max: 1, namedStatements: task.namedStatements });
try {
  parentPort!.postMessage({ ok: true, result: await walkStretch(db, task.na, task.tot, task.chainKey, task.pageSize) });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
} finally {
  await db.close();
}
