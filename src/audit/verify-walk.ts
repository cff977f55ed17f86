import type { Queryable } from '../db/db.ts';
import { linkProblem, verifyRun, type ChainKey, type ChainProblem } from './chain.ts';
import * as store from './store.ts';

/** What a walk over a stretch of the chain found, for the caller to join to the stretch before it. */
export interface WalkResult {
  /** The stretch's first record (null when it holds none): its link is checked by whoever joins the stretches. */
  first: { seq: number; vorigeHash: string } | null;
  problems: ChainProblem[];
  /** The last record walked (the start when there was none). */
  end: { seq: number; hash: string };
  records: number;
}

/** Between pages the event loop serves other requests: the embedded database has one session. */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Walks the records after `na` up to and including `tot`, page by page, and checks every link and
 * hash but the first record's link, which belongs to the stretch before (checked by the caller, so
 * that stretches can be walked side by side). The next page is read while this one is hashed: the
 * database and the thread work side by side instead of in turn.
 */
export async function walkStretch(q: Queryable, na: number, tot: number, chainKey: ChainKey, pageSize: number): Promise<WalkResult> {
  const read = (after: number) => {
    const page = after < tot ? store.readPage(q, after, tot, pageSize) : Promise.resolve([]);
    page.catch(() => undefined); // handled where it is awaited; a failure meanwhile must not count as unhandled
    return page;
  };
  let first: WalkResult['first'] = null;
  let position: WalkResult['end'] | null = null;
  const problems: ChainProblem[] = [];
  let records = 0;
  let next = read(na);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    next = read(page[page.length - 1]!.seq);
    if (!first) first = { seq: page[0]!.seq, vorigeHash: page[0]!.vorigeHash };
    const run = verifyRun(page, position ?? { seq: first.seq - 1, hash: first.vorigeHash }, chainKey);
    problems.push(...run.problems);
    position = run.end;
    records += page.length;
    await yieldToOthers();
  }
  return { first, problems, end: position ?? { seq: na, hash: '' }, records };
}

/**
 * Joins a stretch to the chain before it, as one walk over both would have: the stretch's first
 * record must follow `before` in seq and link to its hash.
 */
export function joinStretch(before: { seq: number; hash: string }, stretch: WalkResult): { problems: ChainProblem[]; end: { seq: number; hash: string } } {
  if (!stretch.first) return { problems: [], end: before };
  const link = linkProblem(before, stretch.first);
  return { problems: link ? [link, ...stretch.problems] : stretch.problems, end: stretch.end };
}
