import { array } from '../db/binary-array.ts';
import type { Queryable } from '../db/db.ts';

/** What a request records; the distributor does the rest (src/distributor). */
export type FeitSoort = 'mbo-ganger' | 'aanmeldstatus' | 'audit';

export interface NieuwFeit {
  soort: FeitSoort;
  afzenderOin: string | null;
  /** Set for an accepted message: the idempotency key together with the sender. */
  berichtId: string | null;
  cyclus: number;
  pgn: string | null;
  resultaat: string | null;
  eldersAangemeld: boolean | null;
  traceId: string | null;
  tijdstip: Date;
  data: Record<string, unknown>;
}

export interface Feit extends NieuwFeit {
  id: number;
  xid: string;
}

/** One statement for a whole request: every accepted message and the request's audit entries. */
export async function insertFeiten(q: Queryable, feiten: NieuwFeit[]): Promise<void> {
  if (feiten.length === 0) return;
  const col = <K extends keyof NieuwFeit>(k: K) => feiten.map((f) => f[k]);
  // The data as one JSON array (parsed once by the server; see outbox/store.ts insertEvents). Rows go
  // in the order given: `id` follows it, and the distributor reads a transaction's rows by id.
  await q.query(
    `insert into feit (soort, afzender_oin, bericht_id, cyclus, pgn, resultaat, elders_aangemeld, trace_id, tijdstip, data)
     select s, a, b, c, p, r, e, t, ti, d.data
       from unnest($1::text[], $2::varchar[], $3::uuid[], $4::int[], $5::char(9)[], $6::text[], $7::boolean[], $8::text[], $9::timestamptz[])
              with ordinality as x(s, a, b, c, p, r, e, t, ti, n)
       join jsonb_array_elements($10::jsonb) with ordinality as d(data, n) using (n)
      order by n`,
    [array.text(col('soort')), array.text(col('afzenderOin'), 'varchar'), array.uuid(col('berichtId')), array.int4(col('cyclus')), array.text(col('pgn'), 'bpchar'),
     array.text(col('resultaat')), array.bool(col('eldersAangemeld')), array.text(col('traceId')), array.timestamptz(col('tijdstip')),
     JSON.stringify(feiten.map((f) => f.data))]);
}

export interface EerderOntvangen {
  berichtId: string;
  resultaat: string;
  eldersAangemeld: boolean | null;
}

/** Earlier accepted messages of this sender with these berichtIds: a resend is answered from here. */
export async function findOntvangen(q: Queryable, afzenderOin: string, berichtIds: string[]): Promise<Map<string, EerderOntvangen>> {
  if (berichtIds.length === 0) return new Map();
  const { rows } = await q.query<{ bericht_id: string; resultaat: string; elders_aangemeld: boolean | null }>(
    // One index probe per berichtId (docs/architecture.md, 'Key lookups').
    `select f.bericht_id, f.resultaat, f.elders_aangemeld from unnest($2::uuid[]) as k(id)
       cross join lateral (select bericht_id, resultaat, elders_aangemeld from feit where afzender_oin = $1 and bericht_id = k.id offset 0) f`,
    [afzenderOin, berichtIds]);
  return new Map(rows.map((r) => [r.bericht_id, { berichtId: r.bericht_id, resultaat: r.resultaat, eldersAangemeld: r.elders_aangemeld }]));
}

interface FeitDb {
  id: number; xid: string; soort: FeitSoort; afzender_oin: string | null; bericht_id: string | null; cyclus: number; pgn: string | null;
  resultaat: string | null; elders_aangemeld: boolean | null; trace_id: string | null; tijdstip: Date; data: Record<string, unknown>;
}

/**
 * The next journal rows after the distributor's mark, in (xid, id) order, taking only rows written by
 * transactions older than every transaction still running (`pg_snapshot_xmin`). Those are final:
 * committed (and visible) or rolled back, and no transaction that is still running or starts later
 * can add a row below the mark. So the mark only ever passes rows it has seen: a row that commits
 * late is picked up by a later batch, never skipped. Two messages about one pupil are serialised by
 * the pupil's lock, taken before the first write, so the later one has the larger xid.
 * `opgehouden`: committed rows wait past the batch, behind an older transaction still running (of any
 * database of the server): worth looking again in a moment rather than at the next wake-up.
 *
 * One statement, so one snapshot: a row is either visible to it (then read, or past xmin and so
 * `opgehouden`) or its transaction was still running, and that transaction's commit wakes the
 * distributor again (the poll, for another process's). Every commit before the call is visible, which
 * is what `drain` relies on. The mark, the rows and the flag used to be three round trips per pass.
 */
export async function volgendeFeiten(q: Queryable, limit: number): Promise<{ feiten: Feit[]; opgehouden: boolean }> {
  const { rows } = await q.query<FeitDb & { opgehouden: boolean | null }>(
    `with s as (select xid, feit_id, pg_snapshot_xmin(pg_current_snapshot()) as grens from distributie_stand where id = 1),
     -- Lateral, ordered and limited: a walk of the commit-order index from the mark, whatever the
     -- planner's statistics (often stale, docs/architecture.md "Key lookups") say of the journal's size.
     f as materialized (select f.* from s cross join lateral (select * from feit where (xid, id) > (s.xid, s.feit_id) and xid < s.grens order by xid, id limit $1) f),
     laatste as (select xid, id from f order by xid desc, id desc limit 1),
     -- Asked only of a batch that is not full, from its last row on: one probe of the commit-order
     -- index (from the mark, it would walk the whole backlog below xmin).
     o as (select case when (select count(*) from f) < $1 then exists (
             select 1 from s cross join lateral (select 1 from feit
              where (xid, id) > (coalesce((select xid from laatste), s.xid), coalesce((select id from laatste), s.feit_id)) order by xid, id limit 1) x) end as opgehouden)
     select f.id, f.xid::text as xid, f.soort, f.afzender_oin, f.bericht_id, f.cyclus, f.pgn, f.resultaat, f.elders_aangemeld, f.trace_id, f.tijdstip, f.data,
            o.opgehouden
       from o left join f on true
      order by f.xid, f.id`, [limit]);
  const feiten = rows[0]!.id === null ? [] : rows;
  return {
    // Rows past a full batch wait for the next one, not for an older transaction.
    opgehouden: rows[0]!.opgehouden === true,
    feiten: feiten.map((r) => ({
      id: r.id, xid: r.xid, soort: r.soort, afzenderOin: r.afzender_oin, berichtId: r.bericht_id, cyclus: r.cyclus, pgn: r.pgn,
      resultaat: r.resultaat, eldersAangemeld: r.elders_aangemeld, traceId: r.trace_id, tijdstip: r.tijdstip, data: r.data,
    })),
  };
}

export async function zetStand(q: Queryable, laatste: { xid: string; id: number }, at: Date): Promise<void> {
  await q.query('update distributie_stand set xid = $1::xid8, feit_id = $2, bijgewerkt = $3 where id = 1', [laatste.xid, laatste.id, at]);
}

/** Journal rows written but not yet distributed (visible ones): the distributor's lag, for metrics and beheer. */
export async function achterstand(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `select count(*)::int as n from feit, distributie_stand s where s.id = 1 and (feit.xid, feit.id) > (s.xid, s.feit_id)`);
  return rows[0]?.n ?? 0;
}

/** When the oldest journal row not yet distributed was written (hub clock), or null when none waits: the distributor's lag. */
export async function oudsteOnverdeeld(q: Queryable): Promise<Date | null> {
  const { rows } = await q.query<{ t: Date | null }>(
    `select min(feit.tijdstip) as t from feit, distributie_stand s where s.id = 1 and (feit.xid, feit.id) > (s.xid, s.feit_id)`);
  return rows[0]?.t ?? null;
}

/** Takes the distributor's turn for this transaction; false while another process is distributing. */
export async function neemBeurt(q: Queryable, wachten: boolean): Promise<boolean> {
  if (wachten) {
    await q.query('select pg_advisory_xact_lock(7242004)');
    return true;
  }
  const { rows } = await q.query<{ ok: boolean }>('select pg_try_advisory_xact_lock(7242004) as ok');
  return rows[0]!.ok;
}
