import { createHash, createHmac } from 'node:crypto';

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

/** Keyed pseudonym of a PGN: the same pupil gets the same value, but it cannot be reversed without the key. */
export function pseudonymise(key: string, pgn: string): string {
  return createHmac('sha256', key).update(pgn).digest('hex');
}

function canonical(r: Omit<AuditRecord, 'hash' | 'vorigeHash'>): string {
  return JSON.stringify([
    r.seq, r.tijdstip.toISOString(), r.actorOin, r.gebruiker, r.actie, r.resource,
    r.pgnPseudoniem, r.doel, r.traceId, r.uitkomst,
  ]);
}

export function chainHash(vorigeHash: string, r: Omit<AuditRecord, 'hash' | 'vorigeHash'>): string {
  return createHash('sha256').update(vorigeHash).update('\n').update(canonical(r)).digest('hex');
}

export interface ChainProblem {
  seq: number;
  problem: 'gewijzigd' | 'ontbrekend' | 'ingevoegd' | 'kop-wijkt-af';
  detail: string;
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
): { problems: ChainProblem[]; end: { seq: number; hash: string } } {
  const problems: ChainProblem[] = [];
  let prev = start;
  for (const r of records) {
    if (r.seq !== prev.seq + 1) {
      problems.push({ seq: r.seq, problem: r.seq > prev.seq + 1 ? 'ontbrekend' : 'ingevoegd', detail: `verwacht seq ${prev.seq + 1}, gevonden ${r.seq}` });
    } else if (r.vorigeHash !== prev.hash) {
      problems.push({ seq: r.seq, problem: 'ingevoegd', detail: 'vorige_hash sluit niet aan op het voorgaande record' });
    }
    if (chainHash(r.vorigeHash, r) !== r.hash) {
      problems.push({ seq: r.seq, problem: 'gewijzigd', detail: 'inhoud komt niet overeen met de hash' });
    }
    prev = { seq: r.seq, hash: r.hash };
  }
  return { problems, end: prev };
}
