import type { Queryable } from '../db/db.ts';

export interface Webhook { oin: string; url: string; geheimen: string[]; actief: boolean; uitgeschakeld: Date | null; reden: string | null }

export async function findWebhook(q: Queryable, oin: string): Promise<Webhook | null> {
  const { rows } = await q.query<{ oin: string; url: string; geheimen: string[]; actief: boolean; uitgeschakeld: Date | null; reden: string | null }>(
    'select oin, url, geheimen, actief, uitgeschakeld, reden from webhook where oin = $1', [oin]);
  return rows[0] ?? null;
}

export async function upsertWebhook(tx: Queryable, oin: string, url: string, sealedSecrets: string[], at: Date): Promise<void> {
  await tx.query(
    `insert into webhook (oin, url, geheimen, actief, bijgewerkt) values ($1, $2, $3::jsonb, true, $4)
     on conflict (oin) do update set url = excluded.url, geheimen = excluded.geheimen, actief = true, uitgeschakeld = null, reden = null, bijgewerkt = excluded.bijgewerkt`,
    [oin, url, JSON.stringify(sealedSecrets), at]);
}

/** Removing a webhook leaves its undelivered events to pull (they stay in the outbox). */
export async function deleteWebhook(tx: Queryable, oin: string): Promise<void> {
  await tx.query(`delete from aflevering where ontvanger_oin = $1 and status = 'wacht'`, [oin]);
  await tx.query('delete from webhook where oin = $1', [oin]);
}

export async function disableWebhook(q: Queryable, oin: string, reden: string, at: Date): Promise<void> {
  await q.query('update webhook set actief = false, uitgeschakeld = $2, reden = $3 where oin = $1 and actief', [oin, at, reden]);
}

export interface Aflevering {
  eventId: string; uitgaandId: number; ontvangerOin: string; volgordeSleutel: string | null; pogingen: number;
  eersteP: Date | null; volgendePoging: Date | null; type: string; tijd: Date; data: Record<string, unknown>;
  /** Wall-clock time the delivery was created (for the latency metric). */
  aangemaakt: Date;
}

/** A delivery sent in this round, with the attempt recorded as started for it. */
export type AfleveringInRonde = Aflevering & { pogingId: number };

export interface Ronde {
  /** Each pupil's first pending delivery that is due now, its attempt started: to send in this round. */
  due: AfleveringInRonde[];
  /** Per recipient, the earliest retry time of a pupil whose first pending delivery is not due yet. */
  later: Map<string, Date>;
  /** Recipients with pending deliveries this round leaves (a pupil's later ones, retries not yet due, past the limit). */
  meer: Set<string>;
}

/**
 * The probes of one round, each a walk along an index, whatever the planner's statistics say of a
 * table that a bulk filled and emptied minutes ago (src/delivery/plans.test.ts): the recipients' waiting
 * deliveries along the partial index, and each due one's event by its key (`offset 0` keeps that probe
 * from being flattened into a hash join over the whole outbox: 20 ms a round in B2 after the bulk).
 */
export const START_ROUND = `
  with wacht as (
    select a.*, row_number() over (partition by a.ontvanger_oin, coalesce(a.volgorde_sleutel::text, a.event_id::text) order by a.uitgaand_id) = 1 as eerste
      from unnest($1::varchar[]) as o(oin)
     cross join lateral (select * from aflevering where ontvanger_oin = o.oin and status = 'wacht' order by uitgaand_id limit $2) a),
  poging as (
    insert into afleverpoging (event_id, tijdstip, http_status, duur_ms, fout, klaar)
    select event_id, $3, null, 0, 'bezig', false from wacht where eerste and (volgende_poging is null or volgende_poging <= $3)
    returning id, event_id)
  select w.event_id, w.uitgaand_id, w.ontvanger_oin, w.volgorde_sleutel, w.pogingen, w.eerste_poging, w.volgende_poging, w.aangemaakt, w.eerste,
         p.id as poging_id, u.type, u.tijd, u.data
    from wacht w
    left join poging p on p.event_id = w.event_id
    left join lateral (select type, tijd, data from uitgaand_bericht where event_id = w.event_id and p.id is not null offset 0) u on true
   order by w.ontvanger_oin, w.uitgaand_id`;

/**
 * A round of delivery for several recipients in one statement: their first `limit` pending
 * deliveries (each recipient's from the partial index first, whatever the planner's statistics say
 * about a freshly filled outbox); of each pupil the first one only, as a pupil's later event waits
 * for the earlier one; of those, the ones due at `at` get their attempt recorded as started, and
 * only their events are fetched.
 */
export async function startRound(q: Queryable, oins: string[], limit: number, at: Date): Promise<Ronde> {
  const { rows } = await q.query<{ event_id: string; uitgaand_id: number; ontvanger_oin: string; volgorde_sleutel: string | null; pogingen: number; eerste_poging: Date | null; volgende_poging: Date | null; aangemaakt: Date; eerste: boolean; poging_id: number | null; type: string | null; tijd: Date | null; data: Record<string, unknown> | null }>(
    START_ROUND, [oins, limit, at]);
  const ronde: Ronde = { due: [], later: new Map(), meer: new Set() };
  for (const r of rows) {
    if (r.poging_id === null) {
      ronde.meer.add(r.ontvanger_oin);
      const earliest = ronde.later.get(r.ontvanger_oin);
      if (r.eerste && r.volgende_poging && (!earliest || r.volgende_poging < earliest)) ronde.later.set(r.ontvanger_oin, r.volgende_poging);
      continue;
    }
    ronde.due.push({
      eventId: r.event_id, uitgaandId: r.uitgaand_id, ontvangerOin: r.ontvanger_oin, volgordeSleutel: r.volgorde_sleutel, pogingen: r.pogingen, eersteP: r.eerste_poging,
      volgendePoging: r.volgende_poging, type: r.type!, tijd: r.tijd!, data: r.data!, aangemaakt: r.aangemaakt, pogingId: r.poging_id,
    });
  }
  return ronde;
}

export interface Poging { eventId: string; tijdstip: Date; httpStatus: number | null; duurMs: number; fout: string | null }

/** Records the start of a round's attempts (one statement, one event once per round): attempt id per event. */
export async function startAttempts(q: Queryable, eventIds: string[], at: Date): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const { rows } = await q.query<{ id: number; event_id: string }>(
    `insert into afleverpoging (event_id, tijdstip, http_status, duur_ms, fout, klaar)
     select e, $2, null, 0, 'bezig', false from unnest($1::uuid[]) as e returning id, event_id`, [eventIds, at]);
  return new Map(rows.map((r) => [r.event_id, r.id]));
}

/**
 * Completes started attempts with their outcome, and marks the deliveries that succeeded, in one
 * statement (a round's bookkeeping is one round trip, not two).
 */
export async function completeAttempts(q: Queryable, pogingen: (Omit<Poging, 'eventId' | 'tijdstip'> & { id: number })[], afgeleverd: string[] = [], at: Date = new Date()): Promise<void> {
  if (pogingen.length === 0 && afgeleverd.length === 0) return;
  await q.query(
    `with poging as (
       update afleverpoging p set http_status = x.s, duur_ms = x.d, fout = x.f, klaar = true
         from unnest($1::bigint[], $2::int[], $3::int[], $4::text[]) as x(i, s, d, f) where p.id = x.i)
     update aflevering set status = 'afgeleverd', afgeleverd = $6, pogingen = pogingen + 1, eerste_poging = coalesce(eerste_poging, $6)
      where event_id = any($5::uuid[])`,
    [pogingen.map((p) => p.id), pogingen.map((p) => p.httpStatus), pogingen.map((p) => p.duurMs), pogingen.map((p) => p.fout), afgeleverd, at]);
}

export async function markFailed(q: Queryable, eventId: string, at: Date, volgende: Date | null, fout: string): Promise<void> {
  await q.query(
    `update aflevering set pogingen = pogingen + 1, eerste_poging = coalesce(eerste_poging, $2), volgende_poging = $3, laatste_fout = $4,
            status = case when $3::timestamptz is null then 'dode-letter' else status end
      where event_id = $1`, [eventId, at, volgende, fout]);
}

/**
 * One index probe per active webhook (docs/architecture.md, 'Key lookups'), not a walk over every
 * waiting delivery: after a bulk tens of thousands wait, and the sweep runs every second. The order is
 * the index's own, so the probe walks it whatever the statistics say: without it, once a bulk was
 * delivered, the planner still counted on its rows waiting and scanned the whole table per webhook
 * (B2 after the bulk: 145 ms a sweep instead of 1).
 */
export const RECIPIENTS_DUE = `select w.oin from webhook w
  cross join lateral (select 1 from aflevering a where a.ontvanger_oin = w.oin and a.status = 'wacht'
                        and (a.volgende_poging is null or a.volgende_poging <= $1) order by a.uitgaand_id limit 1) a
  where w.actief`;

/** Recipients with deliveries due now: the sweep that wakes workers (also after a crash). */
export async function recipientsDue(q: Queryable, at: Date): Promise<string[]> {
  const { rows } = await q.query<{ oin: string }>(RECIPIENTS_DUE, [at]);
  return rows.map((r) => r.oin);
}

export async function replay(q: Queryable, filter: { eventId?: string; ontvangerOin?: string }): Promise<string[]> {
  const { rows } = await q.query<{ ontvanger_oin: string }>(
    `update aflevering set status = 'wacht', pogingen = 0, eerste_poging = null, volgende_poging = null, laatste_fout = null
      where status = 'dode-letter' and ($1::uuid is null or event_id = $1) and ($2::varchar is null or ontvanger_oin = $2)
      returning ontvanger_oin`, [filter.eventId ?? null, filter.ontvangerOin ?? null]);
  return [...new Set(rows.map((r) => r.ontvanger_oin))];
}

export async function backlog(q: Queryable): Promise<{ oin: string; wacht: number; dood: number }[]> {
  const { rows } = await q.query<{ oin: string; wacht: number; dood: number }>(
    `select ontvanger_oin as oin, count(*) filter (where status = 'wacht')::int as wacht, count(*) filter (where status = 'dode-letter')::int as dood
       from aflevering where status <> 'afgeleverd' group by 1 order by 1`);
  return rows;
}

/**
 * Events waiting to be pulled, per kind of recipient: after the recipient's acknowledged cursor, for
 * recipients without an active webhook (those get pushed; their backlog is `backlog` above).
 */
export async function pullAchterstand(q: Queryable): Promise<{ soort: string; n: number }[]> {
  const { rows } = await q.query<{ soort: string; n: number }>(
    // Per recipient along its (ontvanger_oin, id) index, from its cursor on: the scrape reads only what waits.
    `select o.soort, sum(w.n)::int as n
       from organisatie o
       left join ontvanger_cursor c on c.ontvanger_oin = o.oin
       cross join lateral (select count(*) as n from uitgaand_bericht u where u.ontvanger_oin = o.oin and u.id > coalesce(c.bevestigd_tot, 0)) w
      where not exists (select 1 from webhook h where h.oin = o.oin and h.actief)
      group by o.soort order by 1`);
  return rows;
}

export async function listDeliveries(q: Queryable, filter: { status?: string; ontvangerOin?: string; limit: number }) {
  const { rows } = await q.query<{ eventId: string; ontvangerOin: string; status: string; pogingen: number; eerstePoging: Date | null; volgendePoging: Date | null; laatsteFout: string | null; type: string }>(
    `select a.event_id as "eventId", a.ontvanger_oin as "ontvangerOin", a.status, a.pogingen, a.eerste_poging as "eerstePoging",
            a.volgende_poging as "volgendePoging", a.laatste_fout as "laatsteFout", u.type
       from aflevering a join uitgaand_bericht u on u.event_id = a.event_id
      where ($1::text is null or a.status = $1) and ($2::varchar is null or a.ontvanger_oin = $2)
      order by a.uitgaand_id desc limit $3`, [filter.status ?? null, filter.ontvangerOin ?? null, filter.limit]);
  return rows;
}

/**
 * Takes (or renews) the lease of each recipient that no other living process holds, and reads the
 * webhooks of those taken, in one statement: a round of delivery starts with one round trip. Returns
 * each recipient taken, with its webhook (null when it has none).
 */
export async function claimLeases(q: Queryable, oins: string[], proces: string, seconds: number): Promise<Map<string, Webhook | null>> {
  if (oins.length === 0) return new Map();
  const { rows } = await q.query<{ ontvanger_oin: string } & { [K in keyof Webhook]: Webhook[K] | null }>(
    `with genomen as (
       insert into aflever_lease (ontvanger_oin, proces, tot)
       select o, $2::uuid, now() + make_interval(secs => $3) from unnest($1::varchar[]) as o
       on conflict (ontvanger_oin) do update set proces = excluded.proces, tot = excluded.tot
         where aflever_lease.tot < now() or aflever_lease.proces = excluded.proces
       returning ontvanger_oin)
     select g.ontvanger_oin, w.oin, w.url, w.geheimen, w.actief, w.uitgeschakeld, w.reden
       from genomen g left join webhook w on w.oin = g.ontvanger_oin`, [oins, proces, seconds]);
  return new Map(rows.map(({ ontvanger_oin, ...w }) => [ontvanger_oin, w.oin === null ? null : (w as Webhook)]));
}

export async function releaseLeases(q: Queryable, oins: string[], proces: string): Promise<void> {
  if (oins.length) await q.query('delete from aflever_lease where proces = $1::uuid and ontvanger_oin = any($2::varchar[])', [proces, oins]);
}

/** The embedded database has one process: leases left by a killed predecessor are void at once. */
export async function releaseAllLeases(q: Queryable): Promise<void> {
  await q.query('delete from aflever_lease');
}
