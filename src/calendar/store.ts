import type { Queryable } from '../db/db.ts';
import type { Mijlpaal } from './calendar.ts';

export async function overrides(q: Queryable, cyclus: number): Promise<Map<Mijlpaal, string>> {
  const { rows } = await q.query<{ mijlpaal: Mijlpaal; datum: string }>('select mijlpaal, datum from cyclus_mijlpaal where cyclus = $1', [cyclus]);
  return new Map(rows.map((r) => [r.mijlpaal, r.datum]));
}

export async function setOverride(tx: Queryable, cyclus: number, mijlpaal: Mijlpaal, datum: string, door: string, at: Date): Promise<void> {
  await tx.query(
    `insert into cyclus_mijlpaal (cyclus, mijlpaal, datum, gewijzigd_door, gewijzigd) values ($1, $2, $3, $4, $5)
     on conflict (cyclus, mijlpaal) do update set datum = excluded.datum, gewijzigd_door = excluded.gewijzigd_door, gewijzigd = excluded.gewijzigd`,
    [cyclus, mijlpaal, datum, door, at]);
}

export async function voltooid(q: Queryable, cyclus: number): Promise<Map<Mijlpaal, { voltooid: Date; uitkomst: unknown }>> {
  const { rows } = await q.query<{ mijlpaal: Mijlpaal; voltooid: Date; uitkomst: unknown }>(
    'select mijlpaal, voltooid, uitkomst from mijlpaal_uitvoering where cyclus = $1 and voltooid is not null', [cyclus]);
  return new Map(rows.map((r) => [r.mijlpaal, { voltooid: r.voltooid, uitkomst: r.uitkomst }]));
}

export async function markGestart(q: Queryable, cyclus: number, mijlpaal: Mijlpaal, at: Date): Promise<void> {
  await q.query('insert into mijlpaal_uitvoering (cyclus, mijlpaal, gestart) values ($1, $2, $3) on conflict do nothing', [cyclus, mijlpaal, at]);
}

export async function markVoltooid(q: Queryable, cyclus: number, mijlpaal: Mijlpaal, at: Date, uitkomst: unknown): Promise<void> {
  await q.query('update mijlpaal_uitvoering set voltooid = coalesce(voltooid, $3), uitkomst = coalesce(uitkomst, $4) where cyclus = $1 and mijlpaal = $2',
    [cyclus, mijlpaal, at, JSON.stringify(uitkomst)]);
}

/**
 * Claims one part of a milestone inside the transaction that produces its output. Returns false
 * when the part was done before (or by another process, which this call then waited for).
 */
export async function claimDeel(tx: Queryable, cyclus: number, mijlpaal: Mijlpaal, deel: string, aantal: number, at: Date): Promise<boolean> {
  const res = await tx.query('insert into mijlpaal_deel (cyclus, mijlpaal, deel, aantal, uitgevoerd) values ($1, $2, $3, $4, $5) on conflict do nothing returning deel',
    [cyclus, mijlpaal, deel, aantal, at]);
  return res.rows.length === 1;
}

/** Claims several parts at once (in the given order); returns the parts claimed now, not before. */
export async function claimDelen(tx: Queryable, cyclus: number, mijlpaal: Mijlpaal, delen: { deel: string; aantal: number }[], at: Date): Promise<Set<string>> {
  if (delen.length === 0) return new Set();
  const res = await tx.query<{ deel: string }>(
    `insert into mijlpaal_deel (cyclus, mijlpaal, deel, aantal, uitgevoerd)
     select $1, $2, d, a, $5 from unnest($3::text[], $4::int[]) with ordinality as x(d, a, n) order by n
     on conflict do nothing returning deel`,
    [cyclus, mijlpaal, delen.map((d) => d.deel), delen.map((d) => d.aantal), at]);
  return new Set(res.rows.map((r) => r.deel));
}

export async function delen(q: Queryable, cyclus: number, mijlpaal: Mijlpaal): Promise<{ deel: string; aantal: number }[]> {
  const { rows } = await q.query<{ deel: string; aantal: number }>('select deel, aantal from mijlpaal_deel where cyclus = $1 and mijlpaal = $2 order by deel', [cyclus, mijlpaal]);
  return rows;
}

