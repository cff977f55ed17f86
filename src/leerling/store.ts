import type { Queryable } from '../db/db.ts';
import type { Status } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';
import type { LeerlingToestand, Overstapstatus } from './derive.ts';

/**
 * Serialises work on the same pupils across concurrent requests and processes: one transaction
 * lock per PGN, taken in a fixed order so that two batches can never deadlock each other.
 */
export async function lockPgns(tx: Queryable, pgns: string[]): Promise<void> {
  if (pgns.length === 0) return;
  await tx.query(
    `select pg_advisory_xact_lock(k) from (select distinct hashtextextended(p, 7242) as k from unnest($1::text[]) p) s order by k`,
    [pgns]);
}

export interface MboGangerRij {
  cyclus: number; pgn: string; brinVo: string; vestiging: string | null; postcode: string | null; huisnummer: number | null;
  toevoeging: string | null; woonland: string; gemeentecode: string | null; mboGanger: boolean; redenNee: string | null;
  tijdstip: Date; berichtId: string; afzenderOin: string; ontvangen: Date;
}

const MBO_GANGER_COLUMNS = 'cyclus, pgn, brin_vo, vestiging, postcode, huisnummer, toevoeging, woonland, gemeentecode, mbo_ganger, reden_nee, tijdstip, bericht_id, afzender_oin, ontvangen';

/** Maps rows between snake_case columns and the camelCase fields of the store's row types, both ways. */
function rowMapper<T>(columns: string) {
  const fields = columns.split(', ').map((c) => [c, c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase())] as const);
  return {
    fromDb: (r: Record<string, unknown>) => Object.fromEntries(fields.map(([c, f]) => [f, r[c]])) as T,
    toDb: (r: T) => Object.fromEntries(fields.map(([c, f]) => [c, (r as Record<string, unknown>)[f]])),
  };
}
const mboGangerRows = rowMapper<MboGangerRij>(MBO_GANGER_COLUMNS);

export async function loadMboGangers(q: Queryable, cyclus: number, pgns: string[]): Promise<MboGangerRij[]> {
  const { rows } = await q.query<Record<string, unknown>>(`select ${MBO_GANGER_COLUMNS} from mbo_ganger where cyclus = $1 and pgn = any($2::text[])`, [cyclus, pgns]);
  return rows.map(mboGangerRows.fromDb);
}

export async function upsertMboGangers(tx: Queryable, rows: MboGangerRij[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into mbo_ganger (${MBO_GANGER_COLUMNS})
     select ${MBO_GANGER_COLUMNS} from jsonb_populate_recordset(null::mbo_ganger, $1::jsonb)
     on conflict (cyclus, pgn, brin_vo) do update set ${MBO_GANGER_COLUMNS.split(', ').slice(3).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    [JSON.stringify(rows.map(mboGangerRows.toDb))]);
}

export interface AanmeldingRij {
  brinMbo: string; aanmeldingId: string; cyclus: number; pgn: string; caKetenId: string | null; postcode: string | null;
  huisnummer: number | null; toevoeging: string | null; woonland: string; gemeentecode: string | null; brinVo: string | null;
  vooropleiding: string; leertraject: string; leeftijdscategorie: string; startkwalificatie: boolean; status: Status;
  crebo: string | null; tijdstip: Date; eersteTijdstip: Date; ingeschrevenTijdstip: Date | null; berichtId: string; afzenderOin: string; ontvangen: Date;
}

const AANMELDING_COLUMNS = 'brin_mbo, aanmelding_id, cyclus, pgn, ca_keten_id, postcode, huisnummer, toevoeging, woonland, gemeentecode, brin_vo, vooropleiding, leertraject, leeftijdscategorie, startkwalificatie, status, crebo, tijdstip, eerste_tijdstip, ingeschreven_tijdstip, bericht_id, afzender_oin, ontvangen';
const aanmeldingRows = rowMapper<AanmeldingRij>(AANMELDING_COLUMNS);
const AANMELDING_FIELDS = AANMELDING_COLUMNS.split(', ');

/** Registrations of these pupils in this cycle, plus the registrations with these keys (any cycle). */
export async function loadAanmeldingen(q: Queryable, cyclus: number, pgns: string[], keys: { brinMbo: string; aanmeldingId: string }[] = []): Promise<AanmeldingRij[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `select ${AANMELDING_COLUMNS} from aanmelding where cyclus = $1 and pgn = any($2::text[])
     union
     select ${AANMELDING_COLUMNS} from aanmelding where (brin_mbo, aanmelding_id) in (select * from unnest($3::text[], $4::text[]))`,
    [cyclus, pgns, keys.map((k) => k.brinMbo), keys.map((k) => k.aanmeldingId)]);
  return rows.map(aanmeldingRows.fromDb);
}

export async function upsertAanmeldingen(tx: Queryable, rows: AanmeldingRij[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into aanmelding (${AANMELDING_COLUMNS})
     select ${AANMELDING_COLUMNS} from jsonb_populate_recordset(null::aanmelding, $1::jsonb)
     on conflict (brin_mbo, aanmelding_id) do update set ${AANMELDING_FIELDS.filter((c) => !['brin_mbo', 'aanmelding_id', 'cyclus'].includes(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    [JSON.stringify(rows.map(aanmeldingRows.toDb))]);
}

export async function findAanmelding(q: Queryable, aanmeldingId: string): Promise<AanmeldingRij | null> {
  const { rows } = await q.query<Record<string, unknown>>(`select ${AANMELDING_COLUMNS} from aanmelding where aanmelding_id = $1`, [aanmeldingId]);
  return rows[0] ? aanmeldingRows.fromDb(rows[0]) : null;
}

export interface LeerlingRij extends LeerlingToestand {
  cyclus: number;
  pgn: string;
  /** Set once when the pupil fell back after the aanmelddatum; an upsert never clears it. */
  teruggevallen?: boolean;
}

export async function loadOverstapstatussen(q: Queryable, keys: { cyclus: number; pgn: string }[]): Promise<Map<string, string>> {
  const { rows } = await q.query<{ cyclus: number; pgn: string; overstapstatus: string }>(
    'select l.cyclus, l.pgn, l.overstapstatus from leerling l join unnest($1::int[], $2::text[]) as k(c, p) on l.cyclus = k.c and l.pgn = k.p',
    [keys.map((k) => k.cyclus), keys.map((k) => k.pgn)]);
  return new Map(rows.map((r) => [`${r.cyclus}|${r.pgn}`, r.overstapstatus]));
}

export async function upsertLeerlingen(tx: Queryable, rows: LeerlingRij[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into leerling (cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, toevoeging, brin_vo, reden_nee, teruggevallen, bijgewerkt)
     select cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, toevoeging, brin_vo, reden_nee, coalesce(teruggevallen, false), $2
       from jsonb_to_recordset($1::jsonb) as t(cyclus int, pgn text, overstapstatus text, potentiele_mbo_ganger boolean, woonland text, woongemeente text,
                                               postcode text, huisnummer int, toevoeging text, brin_vo text, reden_nee text, teruggevallen boolean)
     on conflict (cyclus, pgn) do update set overstapstatus = excluded.overstapstatus, potentiele_mbo_ganger = excluded.potentiele_mbo_ganger,
       woonland = excluded.woonland, woongemeente = excluded.woongemeente, postcode = excluded.postcode, huisnummer = excluded.huisnummer,
       toevoeging = excluded.toevoeging, brin_vo = excluded.brin_vo, reden_nee = excluded.reden_nee,
       teruggevallen = leerling.teruggevallen or excluded.teruggevallen, bijgewerkt = excluded.bijgewerkt`,
    [JSON.stringify(rows.map((r) => ({
      cyclus: r.cyclus, pgn: r.pgn, overstapstatus: r.overstapstatus, potentiele_mbo_ganger: r.potentieleMboGanger, woonland: r.woonland, woongemeente: r.woongemeente,
      postcode: r.postcode, huisnummer: r.huisnummer, toevoeging: r.toevoeging, brin_vo: r.brinVo, reden_nee: r.redenNee, teruggevallen: r.teruggevallen ?? false,
    }))), at]);
}

export async function subscribedOverstapsystemen(q: Queryable, cyclus: number, pgns: string[]): Promise<Map<string, string[]>> {
  const { rows } = await q.query<{ pgn: string; oin: string }>(
    `select a.pgn, a.overstapsysteem_oin as oin from overstap_abonnement a join organisatie o on o.oin = a.overstapsysteem_oin
      where a.cyclus = $1 and a.pgn = any($2::text[]) and o.actief order by a.overstapsysteem_oin`, [cyclus, pgns]);
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.pgn, [...(map.get(r.pgn) ?? []), r.oin]);
  return map;
}

/** Overview of a vo-school (spec §8): its potential mbo-goers with their overstapstatus and registrations. */
export async function voSchoolOverzicht(q: Queryable, cyclus: number, brinVo: string, filter?: Overstapstatus) {
  const { rows } = await q.query<{ pgn: string; overstapstatus: Overstapstatus; aanmeldingen: { brinMbo: string; status: Status }[] | null }>(
    `select m.pgn, l.overstapstatus,
            (select jsonb_agg(jsonb_build_object('brinMbo', a.brin_mbo, 'status', a.status) order by a.brin_mbo, a.aanmelding_id)
               from aanmelding a where a.cyclus = m.cyclus and a.pgn = m.pgn and a.binnen_wet) as aanmeldingen
       from mbo_ganger m join leerling l on l.cyclus = m.cyclus and l.pgn = m.pgn
      where m.cyclus = $1 and m.brin_vo = $2 and m.mbo_ganger and ($3::text is null or l.overstapstatus = $3)
      order by m.pgn`, [cyclus, brinVo, filter ?? null]);
  return rows.map((r) => ({ pgn: r.pgn, overstapstatus: r.overstapstatus, aanmeldingen: r.aanmeldingen ?? [] }));
}
