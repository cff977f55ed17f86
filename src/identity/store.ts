import type { Queryable } from '../db/db.ts';
import type { Soort } from './oin.ts';

export interface Organisatie {
  oin: string;
  soort: Soort;
  naam: string;
  brin: string | null;
  gemeentecode: string | null;
  rmcCode: string | null;
  actief: boolean;
}

interface OrgRow { oin: string; soort: Soort; naam: string; brin: string | null; gemeentecode: string | null; rmc_code: string | null; actief: boolean }
const fromRow = (r: OrgRow): Organisatie => ({
  oin: r.oin, soort: r.soort, naam: r.naam, brin: r.brin, gemeentecode: r.gemeentecode, rmcCode: r.rmc_code, actief: r.actief,
});

export async function insertOrganisatie(q: Queryable, o: Omit<Organisatie, 'actief'>): Promise<void> {
  await q.query(
    'insert into organisatie (oin, soort, naam, brin, gemeentecode, rmc_code) values ($1, $2, $3, $4, $5, $6)',
    [o.oin, o.soort, o.naam, o.brin, o.gemeentecode, o.rmcCode],
  );
}

export async function findOrganisatie(q: Queryable, oin: string): Promise<Organisatie | null> {
  const { rows } = await q.query<OrgRow>('select * from organisatie where oin = $1', [oin]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function listOrganisaties(q: Queryable, soort?: Soort): Promise<Organisatie[]> {
  const { rows } = await q.query<OrgRow>(
    'select * from organisatie where ($1::text is null or soort = $1) order by soort, naam', [soort ?? null]);
  return rows.map(fromRow);
}

export async function insertToken(q: Queryable, t: { id: string; oin: string; hash: string; label: string; gebruiker: string | null; uitgegevenDoor?: string | null; verloopt?: Date | null }): Promise<void> {
  await q.query('insert into api_token (id, oin, token_hash, label, gebruiker, uitgegeven_door, verloopt) values ($1, $2, $3, $4, $5, $6, $7)',
    [t.id, t.oin, t.hash, t.label, t.gebruiker, t.uitgegevenDoor ?? null, t.verloopt ?? null]);
}

/** The organisation behind a token of an active organisation that is neither revoked nor expired at `now`, or null. */
export async function findByTokenHash(q: Queryable, hash: string, now: Date): Promise<(Organisatie & { gebruiker: string | null; uitgegevenDoor: string | null }) | null> {
  const { rows } = await q.query<OrgRow & { gebruiker: string | null; uitgegeven_door: string | null }>(
    `select o.*, t.gebruiker, t.uitgegeven_door from api_token t join organisatie o on o.oin = t.oin
      where t.token_hash = $1 and t.ingetrokken is null and (t.verloopt is null or t.verloopt > $2) and o.actief`, [hash, now]);
  return rows[0] ? { ...fromRow(rows[0]), gebruiker: rows[0].gebruiker, uitgegevenDoor: rows[0].uitgegeven_door } : null;
}

/** Revokes the organisation's active tokens with this label, but the one with hash `keep`. */
export async function revokeTokens(q: Queryable, oin: string, label: string, at: Date, keep: string | null = null): Promise<number> {
  const res = await q.query(
    `update api_token set ingetrokken = $3, ingetrokken_door = 'demo' where oin = $1 and label = $2 and ingetrokken is null and token_hash is distinct from $4`,
    [oin, label, at, keep]);
  return res.rowCount;
}

export async function insertMandaat(q: Queryable, m: { leverancierOin: string; schoolOin: string; van: string; tot: string | null }): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    'insert into mandaat (leverancier_oin, school_oin, geldig_van, geldig_tot) values ($1, $2, $3, $4) returning id',
    [m.leverancierOin, m.schoolOin, m.van, m.tot]);
  return rows[0]!.id;
}

export interface Mandaat { id: number; leverancierOin: string; schoolOin: string; van: string; tot: string | null }

export async function listMandaten(q: Queryable, leverancierOin?: string): Promise<Mandaat[]> {
  const { rows } = await q.query<{ id: number; leverancier_oin: string; school_oin: string; geldig_van: string; geldig_tot: string | null }>(
    'select * from mandaat where ($1::varchar is null or leverancier_oin = $1) order by id', [leverancierOin ?? null]);
  return rows.map((r) => ({ id: r.id, leverancierOin: r.leverancier_oin, schoolOin: r.school_oin, van: r.geldig_van, tot: r.geldig_tot }));
}

/** BRINs (of the given soort) this supplier may act for on `datum` (YYYY-MM-DD). */
export async function mandatedBrins(q: Queryable, leverancierOin: string, soort: Soort, datum: string): Promise<string[]> {
  const { rows } = await q.query<{ brin: string }>(
    // Each mandate's school by its primary key (a lateral subquery that `offset 0` keeps from being merged into a join): a plan that holds also before the planner has
    // statistics of a freshly filled mandaat table (it chose a nested scan: 84 ms for 557 mandates).
    `select distinct o.brin from mandaat m
       cross join lateral (select brin, soort, actief from organisatie where oin = m.school_oin offset 0) o
      where m.leverancier_oin = $1 and o.soort = $2 and o.actief and o.brin is not null
        and m.geldig_van <= $3::date and (m.geldig_tot is null or m.geldig_tot >= $3::date)`,
    [leverancierOin, soort, datum]);
  return rows.map((r) => r.brin);
}

/** A supplier that receives a school's events under a mandate valid on the day (spec §10). */
export interface Mandataris { schoolOin: string; leverancierOin: string; soort: 'vo-school' | 'mbo-instelling'; brin: string }

/**
 * For each of the given schools (vo-schools and mbo-instellingen): the active suppliers with a mandate
 * valid on `datum` (YYYY-MM-DD). One statement for a whole batch of events; several mandates of one
 * pair (a renewal that overlaps) count once.
 */
export async function mandatarissen(q: Queryable, schoolOins: string[], datum: string): Promise<Mandataris[]> {
  if (schoolOins.length === 0) return [];
  const { rows } = await q.query<{ school_oin: string; leverancier_oin: string; soort: Mandataris['soort']; brin: string }>(
    `select distinct m.school_oin, m.leverancier_oin, s.soort, s.brin
       from mandaat m
       join organisatie s on s.oin = m.school_oin and s.soort in ('vo-school', 'mbo-instelling') and s.brin is not null
       join organisatie l on l.oin = m.leverancier_oin and l.soort = 'leverancier' and l.actief
      where m.school_oin = any($1::varchar[]) and m.geldig_van <= $2::date and (m.geldig_tot is null or m.geldig_tot >= $2::date)
      order by m.school_oin, m.leverancier_oin`,
    [schoolOins, datum]);
  return rows.map((r) => ({ schoolOin: r.school_oin, leverancierOin: r.leverancier_oin, soort: r.soort, brin: r.brin }));
}
