import type { KeyObject } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { GENESIS_HASH, verifyRun, type ChainProblem } from './chain.ts';
import { checkpointGeldig, type Checkpoint } from './checkpoint.ts';
import * as store from './store.ts';

export interface VerifyOptions {
  /**
   * From the last checkpoint that holds instead of from the first record: quick, and it finds every
   * rewrite after a checkpoint, but not a record edited before it that left the links alone.
   */
  incrementeel?: boolean;
  /** Checkpoints kept outside the database (an earlier export, the log): checked against the chain too. */
  extern?: Checkpoint[];
  pageSize?: number;
}

export interface VerifyResult {
  ok: boolean;
  /** Records walked (from `vanaf` + 1 to `tot`). */
  records: number;
  vanaf: number;
  tot: number;
  checkpoints: number;
  problems: ChainProblem[];
}

/** Between pages the event loop serves other requests: the embedded database has one session. */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

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
  let position = start;
  let records = 0;
  // The next page is read while this one is hashed: the database and the hub's thread work side by
  // side instead of in turn.
  const read = (after: number) => {
    const page = after < head.seq ? store.readPage(db, after, head.seq, pageSize) : Promise.resolve([]);
    page.catch(() => undefined); // handled where it is awaited; a failure meanwhile must not count as unhandled
    return page;
  };
  let next = read(start.seq);
  while (position.seq < head.seq) {
    const page = await next;
    if (page.length === 0) break;
    next = read(page[page.length - 1]!.seq);
    const run = verifyRun(page, position, chainKey);
    problems.push(...run.problems);
    position = run.end;
    records += page.length;
    await yieldToOthers();
  }
  if (position.seq !== head.seq || position.hash !== head.hash) {
    problems.push({ seq: position.seq, problem: 'kop-wijkt-af', detail: `kop van de keten wijst naar seq ${head.seq}, laatste record is ${position.seq}` });
  }
  return { ok: problems.length === 0, records, vanaf: start.seq, tot: head.seq, checkpoints: checkpoints.length, problems };
}
