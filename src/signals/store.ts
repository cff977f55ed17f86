import type { Queryable } from '../db/db.ts';
import type { Overstapstatus } from '../leerling/derive.ts';
import type { SignaalType, Stand } from './rules.ts';

/** A pupil as a signal describes it (spec §7). */
export interface Signaleerbaar {
  cyclus: number; pgn: string; overstapstatus: Overstapstatus; potentieleMboGanger: boolean; woonland: string | null; woongemeente: string | null;
  postcode: string | null; huisnummer: number | null; toevoeging: string | null; brinVo: string | null; redenNee: string | null;
}
const LEERLING_SELECT = `select cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, toevoeging, brin_vo, reden_nee from leerling`;
interface LeerlingDb { cyclus: number; pgn: string; overstapstatus: Overstapstatus; potentiele_mbo_ganger: boolean; woonland: string | null; woongemeente: string | null; postcode: string | null; huisnummer: number | null; toevoeging: string | null; brin_vo: string | null; reden_nee: string | null }
const leerlingFromDb = (r: LeerlingDb): Signaleerbaar => ({
  cyclus: r.cyclus, pgn: r.pgn, overstapstatus: r.overstapstatus, potentieleMboGanger: r.potentiele_mbo_ganger, woonland: r.woonland, woongemeente: r.woongemeente,
  postcode: r.postcode, huisnummer: r.huisnummer, toevoeging: r.toevoeging, brinVo: r.brin_vo, redenNee: r.reden_nee,
});

export async function loadLeerlingen(q: Queryable, cyclus: number, pgns: string[]): Promise<Map<string, Signaleerbaar>> {
  // One index probe per PGN (docs/architecture.md, 'Key lookups').
  const { rows } = await q.query<LeerlingDb>(
    `select l.* from (select distinct unnest($2::char(9)[])) as k(pgn) cross join lateral (${LEERLING_SELECT} where cyclus = $1 and pgn = k.pgn offset 0) l`, [cyclus, pgns]);
  return new Map(rows.map((r) => [r.pgn, leerlingFromDb(r)]));
}

/** Bulk candidates: potential mbo-goers living in these gemeenten with one of the given overstapstatussen. */
export async function bulkKandidaten(q: Queryable, cyclus: number, gemeentecodes: string[], statussen: Overstapstatus[]): Promise<Signaleerbaar[]> {
  const { rows } = await q.query<LeerlingDb>(
    `${LEERLING_SELECT} where cyclus = $1 and woongemeente = any($2::char(4)[]) and potentiele_mbo_ganger and signaleerbaar and overstapstatus = any($3::text[]) order by woongemeente, pgn`,
    [cyclus, gemeentecodes, statussen]);
  return rows.map(leerlingFromDb);
}

/** Gemeenten (not RNI) with at least one potential mbo-goer in the cycle. */
export async function gemeentenMetLeerlingen(q: Queryable, cyclus: number): Promise<string[]> {
  const { rows } = await q.query<{ g: string }>(
    `select distinct woongemeente as g from leerling where cyclus = $1 and potentiele_mbo_ganger and signaleerbaar order by 1`, [cyclus]);
  return rows.map((r) => r.g);
}

export async function loadStanden(q: Queryable, cyclus: number, pgns: string[]): Promise<Map<string, Stand>> {
  // One index probe per PGN (docs/architecture.md, 'Key lookups').
  const { rows } = await q.query<{ pgn: string; gemeentecode: string; open_signaal: SignaalType | null; ingetrokken: boolean }>(
    `select s.* from (select distinct unnest($2::char(9)[])) as k(pgn)
       cross join lateral (select pgn, gemeentecode, open_signaal, ingetrokken from signaal_stand where cyclus = $1 and pgn = k.pgn offset 0) s`, [cyclus, pgns]);
  return new Map(rows.map((r) => [r.pgn, { gemeentecode: r.gemeentecode, openSignaal: r.open_signaal, ingetrokken: r.ingetrokken }]));
}

export async function upsertStanden(tx: Queryable, cyclus: number, standen: { pgn: string; stand: Stand }[], at: Date): Promise<void> {
  if (standen.length === 0) return;
  await tx.query(
    `insert into signaal_stand (cyclus, pgn, gemeentecode, open_signaal, ingetrokken, bijgewerkt)
     select $1, pgn, gemeentecode, open_signaal, ingetrokken, $3 from jsonb_to_recordset($2::jsonb) as t(pgn text, gemeentecode text, open_signaal text, ingetrokken boolean)
     on conflict (cyclus, pgn) do update set gemeentecode = excluded.gemeentecode, open_signaal = excluded.open_signaal, ingetrokken = excluded.ingetrokken, bijgewerkt = excluded.bijgewerkt`,
    [cyclus, JSON.stringify(standen.map(({ pgn, stand }) => ({ pgn, gemeentecode: stand.gemeentecode, open_signaal: stand.openSignaal, ingetrokken: stand.ingetrokken }))), at]);
}

/** Pupils no longer followed anywhere (moved to a gemeente with nothing to signal): no stand at all. */
export async function deleteStanden(tx: Queryable, cyclus: number, pgns: string[]): Promise<void> {
  if (pgns.length === 0) return;
  await tx.query('delete from signaal_stand where cyclus = $1 and pgn = any($2::char(9)[])', [cyclus, pgns]);
}

export interface SignaalRij {
  id: string; cyclus: number; gemeentecode: string; pgn: string; type: SignaalType; reden: string | null; brinMbo: string | null;
  aanmeldingId: string | null; status: string | null; tijd: Date; feit: string;
}

/** Inserts signals; a fact that already has its signal is skipped. Returns the facts inserted now. */
export async function insertSignalen(tx: Queryable, signalen: SignaalRij[]): Promise<Set<string>> {
  if (signalen.length === 0) return new Set();
  const col = <K extends keyof SignaalRij>(k: K) => signalen.map((s) => s[k]);
  const { rows } = await tx.query<{ feit: string }>(
    `insert into signaal (id, cyclus, gemeentecode, pgn, type, reden, brin_mbo, aanmelding_id, status, tijd, feit)
     select * from unnest($1::uuid[], $2::int[], $3::char(4)[], $4::char(9)[], $5::text[], $6::text[], $7::char(4)[], $8::varchar[], $9::text[], $10::timestamptz[], $11::text[])
     on conflict (feit) do nothing returning feit`,
    [col('id'), col('cyclus'), col('gemeentecode'), col('pgn'), col('type'), col('reden'), col('brinMbo'), col('aanmeldingId'), col('status'), col('tijd'), col('feit')]);
  return new Set(rows.map((r) => r.feit));
}

/** The delivery endpoint per gemeente: the configured one, else the gemeente's own connection. */
export async function eindpunten(q: Queryable, gemeentecodes: string[]): Promise<Map<string, string>> {
  const { rows } = await q.query<{ code: string; oin: string }>(
    `select g.code, coalesce(e.ontvanger_oin, o.oin) as oin
       from unnest($1::char(4)[]) as g(code)
       left join gemeente_eindpunt e on e.gemeentecode = g.code
       left join organisatie o on o.soort = 'gemeente' and o.gemeentecode = g.code and o.actief
      where coalesce(e.ontvanger_oin, o.oin) is not null`, [gemeentecodes]);
  return new Map(rows.map((r) => [r.code, r.oin]));
}

export async function setEindpunt(tx: Queryable, gemeentecode: string, oin: string, at: Date): Promise<void> {
  await tx.query(
    `insert into gemeente_eindpunt (gemeentecode, ontvanger_oin, gewijzigd) values ($1, $2, $3)
     on conflict (gemeentecode) do update set ontvanger_oin = excluded.ontvanger_oin, gewijzigd = excluded.gewijzigd`, [gemeentecode, oin, at]);
}

export async function configuredEindpunt(q: Queryable, gemeentecode: string): Promise<string | null> {
  const { rows } = await q.query<{ ontvanger_oin: string }>('select ontvanger_oin from gemeente_eindpunt where gemeentecode = $1', [gemeentecode]);
  return rows[0]?.ontvanger_oin ?? null;
}

/** The gemeenten whose signals go to this organisation (its own, and those that chose it as endpoint). */
export async function gemeentenVanEindpunt(q: Queryable, oin: string): Promise<string[]> {
  const { rows } = await q.query<{ code: string }>(
    `select e.gemeentecode as code from gemeente_eindpunt e where e.ontvanger_oin = $1
     union select o.gemeentecode from organisatie o where o.oin = $1 and o.soort = 'gemeente'
       and not exists (select 1 from gemeente_eindpunt e2 where e2.gemeentecode = o.gemeentecode and e2.ontvanger_oin <> $1)`, [oin]);
  return rows.map((r) => r.code);
}

/** Residents of a gemeente that were signalled this cycle (and did not move away since), with their signals (optionally of one type). */
export async function gemeenteOverzicht(q: Queryable, cyclus: number, gemeentecode: string, type?: SignaalType) {
  const { rows } = await q.query<{ pgn: string; overstapstatus: Overstapstatus; signalen: { signaalId: string; type: string; tijd: string; reden: string | null; brinMbo: string | null; status: string | null }[] }>(
    `select s.pgn, l.overstapstatus,
            jsonb_agg(jsonb_build_object('signaalId', s.id, 'type', s.type, 'tijd', s.tijd, 'reden', s.reden, 'brinMbo', s.brin_mbo, 'status', s.status) order by s.tijd, s.feit) as signalen
       from signaal s join leerling l on l.cyclus = s.cyclus and l.pgn = s.pgn
      where s.cyclus = $1 and s.gemeentecode = $2
        and ($3::text is null or exists (select 1 from signaal t where t.cyclus = s.cyclus and t.pgn = s.pgn and t.gemeentecode = s.gemeentecode and t.type = $3))
        -- A pupil that moved away is no longer this gemeente's (spec §7): its last signal here withdrew it as VERHUISD.
        and not exists (select 1 from signaal v where v.cyclus = s.cyclus and v.pgn = s.pgn and v.gemeentecode = s.gemeentecode
                          and v.type = 'INTREKKING' and v.reden = 'VERHUISD'
                          and not exists (select 1 from signaal w where w.cyclus = v.cyclus and w.pgn = v.pgn and w.gemeentecode = v.gemeentecode and (w.tijd, w.feit) > (v.tijd, v.feit)))
      group by s.pgn, l.overstapstatus order by s.pgn`, [cyclus, gemeentecode, type ?? null]);
  return rows;
}
