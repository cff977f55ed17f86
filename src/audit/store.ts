import { array } from '../db/binary-array.ts';
import type { Queryable } from '../db/db.ts';
import type { AuditRecord } from './chain.ts';
import type { Checkpoint } from './checkpoint.ts';

interface AuditRow {
  seq: number; tijdstip: Date; actor_oin: string | null; gebruiker: string | null; actie: string;
  resource: string; pgn_pseudoniem: string | null; doel: string; trace_id: string | null;
  uitkomst: string; vorige_hash: string; hash: string;
}

const fromRow = (r: AuditRow): AuditRecord => ({
  seq: r.seq, tijdstip: r.tijdstip, actorOin: r.actor_oin, gebruiker: r.gebruiker, actie: r.actie,
  resource: r.resource, pgnPseudoniem: r.pgn_pseudoniem, doel: r.doel, traceId: r.trace_id,
  uitkomst: r.uitkomst, vorigeHash: r.vorige_hash, hash: r.hash,
});

export interface ChainHead {
  seq: number;
  hash: string;
  /** The first keyed record (migration 0014); records before it are linked with plain SHA-256. */
  gesleuteldVanaf: number;
}

const HEAD = 'select seq, hash, gesleuteld_vanaf as "gesleuteldVanaf" from audit_kop where id = 1';

/**
 * The chain's head, locked to the end of the transaction (the distributor is its only writer; the row
 * lock keeps even a second one from forking it), with the latest checkpoint: one round trip. The
 * checkpoint is read from the statement's snapshot and may be older than the newest: at worst one
 * checkpoint more is signed.
 */
export async function lockChainHead(q: Queryable): Promise<ChainHead & { checkpoint: { seq: number; tijdstip: Date } | null }> {
  const { rows: [r] } = await q.query<ChainHead & { checkpointSeq: number | null; checkpointTijdstip: Date | null }>(
    `select k.seq, k.hash, k.gesleuteld_vanaf as "gesleuteldVanaf", c.seq as "checkpointSeq", c.tijdstip as "checkpointTijdstip"
       from audit_kop k left join lateral (select seq, tijdstip from audit_checkpoint order by seq desc limit 1) c on true
      where k.id = 1 for update of k`);
  const { checkpointSeq, checkpointTijdstip, ...head } = r!;
  return { ...head, checkpoint: checkpointSeq === null ? null : { seq: checkpointSeq, tijdstip: checkpointTijdstip! } };
}

/** Appends records to the chain and moves its head to the last, in one statement (the arrays in binary: src/db/binary-array.ts). */
export async function insertRecords(q: Queryable, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  // The columns in one pass with each field named: a map per column with a computed key cost 0.16 µs a
  // field, 4 s of a national cycle's 26 million.
  const n = records.length;
  const c = { seq: new Array<number>(n), tijdstip: new Array<Date>(n), actorOin: new Array<string | null>(n), gebruiker: new Array<string | null>(n),
    actie: new Array<string>(n), resource: new Array<string>(n), pgnPseudoniem: new Array<string | null>(n), doel: new Array<string>(n),
    traceId: new Array<string | null>(n), uitkomst: new Array<string>(n), vorigeHash: new Array<string>(n), hash: new Array<string>(n) };
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    c.seq[i] = r.seq; c.tijdstip[i] = r.tijdstip; c.actorOin[i] = r.actorOin; c.gebruiker[i] = r.gebruiker; c.actie[i] = r.actie; c.resource[i] = r.resource;
    c.pgnPseudoniem[i] = r.pgnPseudoniem; c.doel[i] = r.doel; c.traceId[i] = r.traceId; c.uitkomst[i] = r.uitkomst; c.vorigeHash[i] = r.vorigeHash; c.hash[i] = r.hash;
  }
  const last = records[n - 1]!;
  await q.query(
    `with kop as (update audit_kop set seq = $13, hash = $14 where id = 1)
     insert into audit_log (seq, tijdstip, actor_oin, gebruiker, actie, resource, pgn_pseudoniem, doel, trace_id, uitkomst, vorige_hash, hash)
     select * from unnest($1::bigint[], $2::timestamptz[], $3::varchar[], $4::text[], $5::text[], $6::text[],
                          $7::char(64)[], $8::text[], $9::text[], $10::text[], $11::char(64)[], $12::char(64)[])`,
    [array.int8(c.seq), array.timestamptz(c.tijdstip), array.text(c.actorOin, 'varchar'), array.text(c.gebruiker),
     array.text(c.actie), array.text(c.resource), array.text(c.pgnPseudoniem, 'bpchar'), array.text(c.doel),
     array.text(c.traceId), array.text(c.uitkomst), array.text(c.vorigeHash, 'bpchar'), array.text(c.hash, 'bpchar'), last.seq, last.hash],
  );
}

/** Records after `afterSeq` up to and including `uptoSeq`, in chain order. */
export async function readPage(q: Queryable, afterSeq: number, uptoSeq: number, limit: number): Promise<AuditRecord[]> {
  const { rows } = await q.query<AuditRow>('select * from audit_log where seq > $1 and seq <= $2 order by seq limit $3', [afterSeq, uptoSeq, limit]);
  return rows.map(fromRow);
}

export async function readHead(q: Queryable): Promise<ChainHead> {
  return (await q.query<ChainHead>(HEAD)).rows[0]!;
}

const CHECKPOINT = 'seq, hash, tijdstip, handtekening';

export async function lastCheckpoint(q: Queryable): Promise<Checkpoint | null> {
  return (await q.query<Checkpoint>(`select ${CHECKPOINT} from audit_checkpoint order by seq desc limit 1`)).rows[0] ?? null;
}

export async function insertCheckpoint(q: Queryable, c: Checkpoint): Promise<void> {
  await q.query('insert into audit_checkpoint (seq, hash, tijdstip, handtekening) values ($1, $2, $3, $4) on conflict (seq) do nothing',
    [c.seq, c.hash, c.tijdstip, c.handtekening]);
}

export async function listCheckpoints(q: Queryable, sinds?: number): Promise<Checkpoint[]> {
  return (await q.query<Checkpoint>(`select ${CHECKPOINT} from audit_checkpoint where seq > $1 order by seq`, [sinds ?? 0])).rows;
}

/** The chain's hash at each of these seqs (null where the record is gone), in one statement. */
export async function hashesAt(q: Queryable, seqs: number[]): Promise<Map<number, string | null>> {
  const { rows } = await q.query<{ seq: number; hash: string | null }>(
    'select s.seq, l.hash from unnest($1::bigint[]) as s(seq) left join audit_log l on l.seq = s.seq', [seqs]);
  return new Map(rows.map((r) => [r.seq, r.hash]));
}

export interface AuditSearch {
  actorOin?: string;
  pgnPseudoniem?: string;
  van?: Date;
  tot?: Date;
  limit: number;
}

export async function search(q: Queryable, s: AuditSearch): Promise<AuditRecord[]> {
  const { rows } = await q.query<AuditRow>(
    `select * from audit_log
      where ($1::varchar is null or actor_oin = $1)
        and ($2::char(64) is null or pgn_pseudoniem = $2)
        and ($3::timestamptz is null or tijdstip >= $3)
        and ($4::timestamptz is null or tijdstip < $4)
      order by seq desc limit $5`,
    [s.actorOin ?? null, s.pgnPseudoniem ?? null, s.van ?? null, s.tot ?? null, s.limit],
  );
  return rows.map(fromRow);
}

/** How many records of one action there are per resource in a period (no pseudonyms: counts only). */
export async function countPerResource(q: Queryable, actie: string, van: Date, tot: Date): Promise<Map<string, number>> {
  const { rows } = await q.query<{ resource: string; n: number }>(
    'select resource, count(*)::int as n from audit_log where actie = $1 and tijdstip >= $2 and tijdstip < $3 group by resource', [actie, van, tot]);
  return new Map(rows.map((r) => [r.resource, r.n]));
}

/** The newest record of an action on a resource (a purge report's hash, say), or null. */
export async function latestOf(q: Queryable, actie: string, resource: string): Promise<AuditRecord | null> {
  const { rows } = await q.query<AuditRow>('select * from audit_log where actie = $1 and resource = $2 order by seq desc limit 1', [actie, resource]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** A page of the log in chain order for an export, optionally within a period. */
export async function exportPage(q: Queryable, p: { na: number; van?: Date; tot?: Date; limit: number }): Promise<AuditRecord[]> {
  const { rows } = await q.query<AuditRow>(
    `select * from audit_log
      where seq > $1 and ($2::timestamptz is null or tijdstip >= $2) and ($3::timestamptz is null or tijdstip < $3)
      order by seq limit $4`, [p.na, p.van ?? null, p.tot ?? null, p.limit]);
  return rows.map(fromRow);
}
