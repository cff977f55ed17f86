import type { Queryable } from '../../db/db.ts';
import type { CaLeerweg } from './leerweg.ts';

export interface AangebodenOpleiding {
  aanbodCode: string;
  brin: string;
  onderwijsaanbieder: string;
  wervingsnaam: string;
  crebo: string | null;
  leerweg: CaLeerweg;
  locatie: string;
  synthetisch: boolean;
  cohorten: { cohort: string; instroommoment: string; aanmeldenVan: string; aanmeldenTot: string; toegangscode: boolean }[];
}

interface Rij {
  aanbod_code: string; brin: string; onderwijsaanbieder: string; wervingsnaam: string; crebo: string | null; leerweg: CaLeerweg; locatie: string; synthetisch: boolean;
  cohorten: { cohort: string; instroommoment: string; aanmeldenVan: string; aanmeldenTot: string; toegangscode: boolean }[];
}

// Dates as text: both engines then give the same `YYYY-MM-DD`, free of time zones.
const SELECT = `
  select o.aanbod_code, o.brin, o.onderwijsaanbieder, o.wervingsnaam, o.crebo, o.leerweg, o.locatie, o.synthetisch,
         coalesce((select json_agg(json_build_object('cohort', c.cohort, 'instroommoment', c.instroommoment::text, 'aanmeldenVan', c.aanmelden_van::text,
                    'aanmeldenTot', c.aanmelden_tot::text, 'toegangscode', exists (select 1 from ca_toegangscode t where t.aanbod_code = c.aanbod_code and t.cohort = c.cohort))
                    order by c.instroommoment, c.cohort)
                     from ca_cohort c where c.aanbod_code = o.aanbod_code and c.actief), '[]'::json) as cohorten
    from ca_opleiding o
    left join ca_instelling i on i.brin = o.brin
   where o.actief
     and (not coalesce(i.whitelist_actief, false) or exists (select 1 from ca_whitelist w where w.brin = o.brin and w.aanbod_code = o.aanbod_code))`;

const vanRij = (r: Rij): AangebodenOpleiding => ({
  aanbodCode: r.aanbod_code, brin: r.brin, onderwijsaanbieder: r.onderwijsaanbieder, wervingsnaam: r.wervingsnaam, crebo: r.crebo,
  leerweg: r.leerweg, locatie: r.locatie, synthetisch: r.synthetisch, cohorten: r.cohorten,
});

/** The offer of an instelling as students see it: active opleidingen, within its whitelist when it uses one. */
export async function aanbodVan(q: Queryable, brin: string): Promise<AangebodenOpleiding[]> {
  const { rows } = await q.query<Rij>(`${SELECT} and o.brin = $1 order by o.wervingsnaam, o.aanbod_code`, [brin]);
  return rows.map(vanRij);
}

/**
 * The offer across instellingen as a student searches it: each word of `zoek` must occur in the
 * wervingsnaam, the crebo, the BRIN or the instelling's name; `plaats` in the locatie. Case-insensitive;
 * the words are bound parameters matched with `strpos`, so no character of them has a pattern meaning.
 */
export async function zoekAanbod(q: Queryable, zoek: string, plaats: string, limit: number): Promise<AangebodenOpleiding[]> {
  const woorden = zoek.toLowerCase().split(/\s+/).filter(Boolean);
  const { rows } = await q.query<Rij>(
    `${SELECT}
     and not exists (select 1 from unnest($1::text[]) w
                      where strpos(lower(o.wervingsnaam || ' ' || coalesce(o.crebo, '') || ' ' || o.brin || ' ' || coalesce((select m.naam from mbo_instelling m where m.brin = o.brin), '')), w) = 0)
     and strpos(lower(o.locatie), $2) > 0
     order by o.wervingsnaam, o.brin, o.aanbod_code limit $3`, [woorden, plaats.trim().toLowerCase(), limit]);
  return rows.map(vanRij);
}

/** One offered opleiding (null when inactive, unknown or outside the whitelist). */
export async function aangebodenOpleiding(q: Queryable, aanbodCode: string): Promise<AangebodenOpleiding | null> {
  const { rows } = await q.query<Rij>(`${SELECT} and o.aanbod_code = $1`, [aanbodCode]);
  return rows[0] ? vanRij(rows[0]) : null;
}

export async function toegangscodeHash(q: Queryable, aanbodCode: string, cohort: string): Promise<string | null> {
  const { rows } = await q.query<{ code_hash: string }>('select code_hash from ca_toegangscode where aanbod_code = $1 and cohort = $2', [aanbodCode, cohort]);
  return rows[0]?.code_hash ?? null;
}

/** Switches the whitelist on (with exactly these opleidingen) or off; one statement per table. */
export async function zetWhitelist(tx: Queryable, brin: string, actief: boolean, aanbodCodes: string[]): Promise<void> {
  await tx.query(`insert into ca_instelling (brin, whitelist_actief) values ($1, $2) on conflict (brin) do update set whitelist_actief = excluded.whitelist_actief`, [brin, actief]);
  await tx.query('delete from ca_whitelist where brin = $1 and not (aanbod_code = any($2::text[]))', [brin, aanbodCodes]);
  await tx.query('insert into ca_whitelist (brin, aanbod_code) select $1, unnest($2::text[]) on conflict do nothing', [brin, aanbodCodes]);
}

export async function zetToegangscode(tx: Queryable, aanbodCode: string, cohort: string, hash: string | null): Promise<void> {
  if (hash === null) await tx.query('delete from ca_toegangscode where aanbod_code = $1 and cohort = $2', [aanbodCode, cohort]);
  else await tx.query('insert into ca_toegangscode (aanbod_code, cohort, code_hash) values ($1, $2, $3) on conflict (aanbod_code, cohort) do update set code_hash = excluded.code_hash', [aanbodCode, cohort, hash]);
}

/** Which of these aanbod codes are active opleidingen of the instelling. */
export async function eigenOpleidingen(q: Queryable, brin: string, aanbodCodes: string[]): Promise<Set<string>> {
  const { rows } = await q.query<{ aanbod_code: string }>('select aanbod_code from ca_opleiding where brin = $1 and actief and aanbod_code = any($2::text[])', [brin, aanbodCodes]);
  return new Set(rows.map((r) => r.aanbod_code));
}

/** The instelling of an opleiding that has this cohort (active or not: settings may precede an import). */
export async function opleidingMetCohort(q: Queryable, aanbodCode: string, cohort: string): Promise<{ brin: string } | null> {
  const { rows } = await q.query<{ brin: string }>('select o.brin from ca_opleiding o join ca_cohort c on c.aanbod_code = o.aanbod_code where o.aanbod_code = $1 and c.cohort = $2', [aanbodCode, cohort]);
  return rows[0] ?? null;
}

export async function toegestaneDomeinen(q: Queryable, brin: string): Promise<string[]> {
  const { rows } = await q.query<{ toegestane_domeinen: string[] }>('select toegestane_domeinen from ca_instelling where brin = $1', [brin]);
  return rows[0]?.toegestane_domeinen ?? [];
}

export async function zetToegestaneDomeinen(tx: Queryable, brin: string, domeinen: string[]): Promise<void> {
  await tx.query(`insert into ca_instelling (brin, toegestane_domeinen) values ($1, $2::text[]) on conflict (brin) do update set toegestane_domeinen = excluded.toegestane_domeinen`, [brin, domeinen]);
}
