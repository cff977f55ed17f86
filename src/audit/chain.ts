import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** One audit record as stored (spec §13). Never holds a PGN: only its keyed pseudonym. */
export interface AuditRecord {
  seq: number;
  tijdstip: Date;
  actorOin: string | null;
  gebruiker: string | null;
  actie: string;
  resource: string;
  pgnPseudoniem: string | null;
  doel: string;
  traceId: string | null;
  uitkomst: string;
  vorigeHash: string;
  hash: string;
}

/** The hub's few keys, each prepared once: an HMAC with a prepared key takes a third less time. */
const prepared = new Map<string, KeyObject>();
function keyObject(key: string): KeyObject {
  let k = prepared.get(key);
  if (!k) prepared.set(key, (k = createSecretKey(Buffer.from(key, 'utf8'))));
  return k;
}

/** Keyed pseudonym of a PGN: the same pupil gets the same value, but it cannot be reversed without the key. */
export function pseudonymise(key: string, pgn: string): string {
  return createHmac('sha256', keyObject(key)).update(pgn).digest('hex');
}

function canonical(r: Omit<AuditRecord, 'hash' | 'vorigeHash'>): string {
  return JSON.stringify([
    r.seq, r.tijdstip.toISOString(), r.actorOin, r.gebruiker, r.actie, r.resource,
    r.pgnPseudoniem, r.doel, r.traceId, r.uitkomst,
  ]);
}

/**
 * The link of a record to its predecessor: HMAC-SHA256 with the audit key, which lives outside the
 * database, so that whoever can only write the database cannot recompute the chain after a change.
 * `key` null is the plain SHA-256 of records chained before the chain was keyed (migration 0014).
 */
export function chainHash(key: string | null, vorigeHash: string, r: Omit<AuditRecord, 'hash' | 'vorigeHash'>): string {
  const h = key === null ? createHash('sha256') : createHmac('sha256', keyObject(key));
  return h.update(vorigeHash).update('\n').update(canonical(r)).digest('hex');
}

/** How the records of one chain are linked: keyed from `gesleuteldVanaf` on, plain SHA-256 before. */
export interface ChainKey {
  key: string;
  gesleuteldVanaf: number;
}

export const keyFor = (k: ChainKey, seq: number): string | null => (seq >= k.gesleuteldVanaf ? k.key : null);

export interface ChainProblem {
  seq: number;
  problem: 'gewijzigd' | 'ontbrekend' | 'ingevoegd' | 'kop-wijkt-af' | 'checkpoint-ongeldig' | 'herschreven';
  detail: string;
}

/** The link of a record to the one before it: a gap in seq is a removed record, a link to another hash an inserted one. */
export function linkProblem(prev: { seq: number; hash: string }, r: { seq: number; vorigeHash: string }): ChainProblem | null {
  if (r.seq !== prev.seq + 1) {
    return { seq: r.seq, problem: r.seq > prev.seq + 1 ? 'ontbrekend' : 'ingevoegd', detail: `verwacht seq ${prev.seq + 1}, gevonden ${r.seq}` };
  }
  if (r.vorigeHash !== prev.hash) return { seq: r.seq, problem: 'ingevoegd', detail: 'vorige_hash sluit niet aan op het voorgaande record' };
  return null;
}

/**
 * Checks a run of records in seq order against the chain. `start` is where the run begins
 * (seq and hash of the record before it), so the log can be verified in pages.
 * Altered record → its hash no longer matches; removed record → a seq gap and a broken link;
 * inserted record → a link that does not match its predecessor.
 */
export function verifyRun(
  records: AuditRecord[],
  start: { seq: number; hash: string },
  k: ChainKey,
): { problems: ChainProblem[]; end: { seq: number; hash: string } } {
  const problems: ChainProblem[] = [];
  let prev = start;
  for (const r of records) {
    const link = linkProblem(prev, r);
    if (link) problems.push(link);
    if (chainHash(keyFor(k, r.seq), r.vorigeHash, r) !== r.hash) {
      problems.push({ seq: r.seq, problem: 'gewijzigd', detail: 'inhoud komt niet overeen met de hash' });
    }
    prev = { seq: r.seq, hash: r.hash };
  }
  return { problems, end: prev };
}
