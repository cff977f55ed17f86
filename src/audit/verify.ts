import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/db.ts';
import { GENESIS_HASH, type ChainKey, type ChainProblem } from './chain.ts';
import { checkpointGeldig, type Checkpoint } from './checkpoint.ts';
import * as store from './store.ts';
import { joinStretch, walkStretch, type WalkResult } from './verify-walk.ts';
import type { StretchTask } from './verify-worker.ts';

export interface VerifyOptions {
  /**
   * From the last checkpoint that holds instead of from the first record: quick, and it finds every
   * rewrite after a checkpoint, but not a record edited before it that left the links alone.
   */
  incrementeel?: boolean;
  /** Checkpoints kept outside the database (an earlier export, the log): checked against the chain too. */
  extern?: Checkpoint[];
  pageSize?: number;
  /**
   * On a PostgreSQL server, the stretches of the chain walked side by side: the first on this thread,
   * each other by a worker thread over its own connection. Default: one per core, for a walk of
   * PARALLEL_FROM records or more.
   */
  threads?: number;
}

/** Below this a walk stays on the calling thread: starting a worker (and its connection) costs more. */
export const PARALLEL_FROM = 100_000;


export interface VerifyResult {
  ok: boolean;
  /** Records walked (from `vanaf` + 1 to `tot`). */
  records: number;
  vanaf: number;
  tot: number;
  checkpoints: number;
  problems: ChainProblem[];
}

/**
 * Verifies the audit chain without a long transaction: the head is read first, and every record up
 * to it was committed before it (the chain is append-only and written under one lock in seq order),
 * so pages read one by one see one consistent chain however much is appended meanwhile.
 *
 * Every checkpoint — in the table and kept outside — must carry the hub's signature and still match
 * the record at its seq: a chain rewritten after a checkpoint (by someone who had the key) shows
 * there. Then the links are walked from the first record, or (`incrementeel`) from the last
 * checkpoint that holds.
 */
export async function verifyChain(db: Db, keys: { key: string; publicKey: KeyObject }, opts: VerifyOptions): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 1000;
  const head = await store.readHead(db);
  const checkpoints = [...(await store.listCheckpoints(db)), ...(opts.extern ?? [])];
  const problems: ChainProblem[] = [];
  const hashes = await store.hashesAt(db, [...new Set(checkpoints.map((c) => c.seq))]);
  let start = { seq: 0, hash: GENESIS_HASH };
  for (const c of checkpoints) {
    const at = `checkpoint van ${new Date(c.tijdstip).toISOString()} (seq ${c.seq})`;
    if (!checkpointGeldig({ ...c, tijdstip: new Date(c.tijdstip) }, keys.publicKey)) {
      problems.push({ seq: c.seq, problem: 'checkpoint-ongeldig', detail: `${at}: handtekening klopt niet` });
    } else if (c.seq > head.seq) {
      problems.push({ seq: c.seq, problem: 'kop-wijkt-af', detail: `${at}: de keten eindigt nu bij seq ${head.seq}` });
    } else if (hashes.get(c.seq) !== c.hash) {
      problems.push({ seq: c.seq, problem: 'herschreven', detail: `${at}: de keten heeft daar nu een andere hash (${hashes.get(c.seq) ?? 'record ontbreekt'})` });
    } else if (opts.incrementeel && c.seq > start.seq) {
      start = { seq: c.seq, hash: c.hash };
    }
  }

  const chainKey = { key: keys.key, gesleuteldVanaf: head.gesleuteldVanaf };
  const stretches = await walk(db, start.seq, head.seq, chainKey, pageSize, opts.threads);
  let position = start;
  let records = 0;
  for (const stretch of stretches) {
    const joined = joinStretch(position, stretch);
    problems.push(...joined.problems);
    position = joined.end;
    records += stretch.records;
  }
  if (position.seq !== head.seq || position.hash !== head.hash) {
    problems.push({ seq: position.seq, problem: 'kop-wijkt-af', detail: `kop van de keten wijst naar seq ${head.seq}, laatste record is ${position.seq}` });
  }
  return { ok: problems.length === 0, records, vanaf: start.seq, tot: head.seq, checkpoints: checkpoints.length, problems };
}

/** From the sources a worker needs tsx registered first (verify-worker.dev.mjs); the build runs its JavaScript. */
const WORKER = import.meta.url.endsWith('.ts') ? new URL('./verify-worker.dev.mjs', import.meta.url) : new URL('./verify-worker.js', import.meta.url);

/**
 * The records after `na` up to `tot`, in stretches in seq order: on this thread, or on a PostgreSQL
 * server in equal stretches, the first here and one per worker thread after it. The hashing (an HMAC
 * and the canonical form of each record, 5 µs) is the walk's cost and the database's part is small,
 * so the threads take the other cores.
 */
async function walk(db: Db, na: number, tot: number, chainKey: ChainKey, pageSize: number, threads?: number): Promise<WalkResult[]> {
  const server = 'connectionString' in db ? (db as Db & { connectionString: string; namedStatements: boolean }) : null;
  const n = threads ?? (tot - na >= PARALLEL_FROM ? Math.min(availableParallelism(), 4) : 1);
  if (!server || n <= 1 || tot - na < n) return [await walkStretch(db, na, tot, chainKey, pageSize)];
  const size = Math.ceil((tot - na) / n);
  const stretch = (i: number) => ({ na: na + i * size, tot: Math.min(tot, na + (i + 1) * size) });
  // This thread walks the first stretch itself (it yields between pages): one worker fewer, and each
  // worker is a V8 heap of its own beside the hub's.
  return Promise.all([
    walkStretch(db, stretch(0).na, stretch(0).tot, chainKey, pageSize),
    ...Array.from({ length: n - 1 }, (_, i) => inWorker({
      connectionString: server.connectionString, namedStatements: server.namedStatements, ...stretch(i + 1), chainKey, pageSize,
    })),
  ]);
}

function inWorker(task: StretchTask): Promise<WalkResult> {
  return new Promise((resolve, reject) => {
    // A worker holds two pages of records at a time: a small heap keeps the hub's memory bound (M ≤ 500 MB).
    const worker = new Worker(WORKER, { workerData: task, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } });
    let settled = false;
    worker.once('message', (m: { ok: true; result: WalkResult } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`auditverificatie: ${m.error}`));
    });
    worker.once('error', (err) => ((settled = true), reject(err)));
    worker.once('exit', (code) => settled || reject(new Error(`auditverificatie: worker stopte (code ${code})`)));
  });
}
