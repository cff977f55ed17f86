import { array } from '../db/binary-array.ts';
import type { Queryable } from '../db/db.ts';
import { checkEventData, type EventData, type EventType } from './events.ts';
import { voorLeveranciers, type LeveranciersKopie } from './leveranciers.ts';

/** An event to store, its data typed by its type's schema (outbox/events.ts): a producer cannot give other fields. */
export type NieuwEvent = { [T in EventType]: NieuwEventVan<T> }[EventType];
export interface NieuwEventVan<T extends EventType> {
  eventId: string;
  ontvangerOin: string;
  cyclus: number;
  type: T;
  volgordeSleutel: string | null;
  tijd: Date;
  data: EventData<T>;
}
/** An event without some of its fields (the caller adds them), per type: `Omit` that keeps type and data together. */
export type NieuwEventZonder<K extends keyof NieuwEventVan<EventType>> = NieuwEvent extends infer E ? (E extends unknown ? Omit<E, K> : never) : never;
/** One event built by generic code (type and data checked where T is known): the union member it is. */
export const nieuwEvent = <T extends EventType>(e: NieuwEventVan<T>) => e as unknown as NieuwEvent;

/** An event as stored: what a party pulls or is pushed. */
export interface OpgeslagenEvent {
  id: number;
  eventId: string;
  ontvangerOin: string;
  cyclus: number;
  type: string;
  volgordeSleutel: string | null;
  tijd: Date;
  data: Record<string, unknown>;
}

/**
 * Appends events to the outbox under the hub's append lock, held to
 * commit: ids are then handed out in commit order, so a reader's cursor never passes an id that a
 * slower transaction would still commit below it. Every event for a school is also copied to the
 * suppliers it mandates on `op`, the hub's now (spec §10, outbox/leveranciers.ts): here, where every
 * producer passes, so no kind of event can miss them. The copies follow the originals in order.
 * Every event is checked against its type's schema first (outbox/events.ts).
 */
export async function insertEvents(tx: Queryable, events: NieuwEvent[], op: Date): Promise<{ ontvangers: string[]; kopieen: LeveranciersKopie[] }> {
  if (events.length === 0) return { ontvangers: [], kopieen: [] };
  for (const e of events) checkEventData(e.type, e.data);
  const kopieen = await voorLeveranciers(tx, events, op);
  const alle = [...events, ...kopieen.map((k) => k.kopie)];
  // The data as one JSON array beside the column arrays: PostgreSQL parses it once, where a jsonb[]
  // parameter is escaped element by element by the driver and parsed twice by the server. `order by n`
  // keeps the ids in the given order: a pupil's events reach each recipient in it. Parties with an
  // active webhook also get a push delivery of each event (spec §10), from the rows just written (no
  // lookup of them by event id); pull stays available. The hub's append lock, held to commit (one
  // writer of the outbox at a time), is taken by the same statement before it draws its first id: a
  // row of the insert needs the lock's row first.
  const { rows } = await tx.query<{ ontvanger_oin: string }>(
    `with slot as materialized (select pg_advisory_xact_lock(7242002)),
     nieuw as (
       insert into uitgaand_bericht (event_id, ontvanger_oin, cyclus, type, volgorde_sleutel, tijd, data)
       select e, o, c, t, s, ti, d.data
         from slot
        cross join unnest($1::uuid[], $2::varchar[], $3::int[], $4::text[], $5::char(64)[], $6::timestamptz[]) with ordinality as x(e, o, c, t, s, ti, n)
         join jsonb_array_elements($7::jsonb) with ordinality as d(data, n) using (n)
        order by n
       returning id, event_id, ontvanger_oin, volgorde_sleutel)
     insert into aflevering (event_id, uitgaand_id, ontvanger_oin, volgorde_sleutel)
     select u.event_id, u.id, u.ontvanger_oin, u.volgorde_sleutel from nieuw u join webhook w on w.oin = u.ontvanger_oin and w.actief
     returning ontvanger_oin`,
    [array.uuid(alle.map((e) => e.eventId)), array.text(alle.map((e) => e.ontvangerOin), 'varchar'), array.int4(alle.map((e) => e.cyclus)),
     array.text(alle.map((e) => e.type)), array.text(alle.map((e) => e.volgordeSleutel), 'bpchar'), array.timestamptz(alle.map((e) => e.tijd)),
     JSON.stringify(alle.map((e) => e.data))]);
  // Who to hand over to the delivery workers once this commits.
  return { ontvangers: [...new Set(rows.map((r) => r.ontvanger_oin))], kopieen };
}

export async function readInbox(q: Queryable, ontvangerOin: string, na: number, limit: number): Promise<OpgeslagenEvent[]> {
  const { rows } = await q.query<{ id: number; event_id: string; ontvanger_oin: string; cyclus: number; type: string; volgorde_sleutel: string | null; tijd: Date; data: Record<string, unknown> }>(
    `select id, event_id, ontvanger_oin, cyclus, type, volgorde_sleutel, tijd, data from uitgaand_bericht
      where ontvanger_oin = $1 and id > $2 order by id limit $3`, [ontvangerOin, na, limit]);
  return rows.map((r) => ({ id: r.id, eventId: r.event_id, ontvangerOin: r.ontvanger_oin, cyclus: r.cyclus, type: r.type, volgordeSleutel: r.volgorde_sleutel, tijd: r.tijd, data: r.data }));
}

/** Records that the party has everything up to `tot`; the mark never moves back. */
export async function acknowledge(q: Queryable, ontvangerOin: string, tot: number, at: Date): Promise<void> {
  await q.query(
    `insert into ontvanger_cursor (ontvanger_oin, bevestigd_tot, bijgewerkt) values ($1, $2, $3)
     on conflict (ontvanger_oin) do update set bevestigd_tot = greatest(ontvanger_cursor.bevestigd_tot, excluded.bevestigd_tot), bijgewerkt = excluded.bijgewerkt`,
    [ontvangerOin, tot, at]);
}

export async function acknowledged(q: Queryable, ontvangerOin: string): Promise<number> {
  const { rows } = await q.query<{ bevestigd_tot: number }>('select bevestigd_tot from ontvanger_cursor where ontvanger_oin = $1', [ontvangerOin]);
  return rows[0]?.bevestigd_tot ?? 0;
}

/** OINs of connected vo-schools that are active both as organisation and in the DUO data, by BRIN. */
export async function connectedVoScholen(q: Queryable, brins: string[]): Promise<Map<string, string>> {
  const { rows } = await q.query<{ brin: string; oin: string }>(
    `select o.brin, o.oin from organisatie o join vo_school s on s.brin = o.brin and s.actief
      where o.soort = 'vo-school' and o.actief and o.brin = any($1::char(4)[])`, [brins]);
  return new Map(rows.map((r) => [r.brin, r.oin]));
}

export async function oinsOfSoort(q: Queryable, soort: string): Promise<string[]> {
  const { rows } = await q.query<{ oin: string }>('select oin from organisatie where soort = $1 and actief order by oin', [soort]);
  return rows.map((r) => r.oin);
}
