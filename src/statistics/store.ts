import type { Queryable } from '../db/db.ts';

export interface Cel { niveau: string; code: string; indicator: string; waarde: number | null; n: number }

/**
 * The pupil-based indicators of spec §15 for every level at once (GROUPING SETS): potential
 * mbo-goers, registered before the aanmelddatum, registered and enrolled now, fallen back after the
 * aanmelddatum, lead time first registration → enrolment (median, p90), registered outside the own
 * RMC region, and the share with more than one registration. ODT registrations do not count.
 */
export async function leerlingIndicatoren(q: Queryable, cyclus: number, aanmelddatum: Date): Promise<Cel[]> {
  const { rows } = await q.query<{
    niveau: string; code: string | null; potentieel: number; voor_aanmelddatum: number; aangemeld: number; ingeschreven: number;
    teruggevallen: number; doorloop_n: number; doorloop_mediaan: number | null; doorloop_p90: number | null; buiten_rmc: number; met_aanmelding: number; meervoudig: number;
  }>(
    `with p as (
       select l.pgn, l.woongemeente, gr.rmc_code as rmc, l.brin_vo, l.overstapstatus, l.teruggevallen,
              min(a.eerste_tijdstip) filter (where a.binnen_wet) as eerste,
              min(a.ingeschreven_tijdstip) filter (where a.binnen_wet) as ingeschreven,
              count(a.aanmelding_id) filter (where a.binnen_wet) as aantal,
              coalesce(bool_or(a.binnen_wet and ir.rmc_code is distinct from gr.rmc_code), false) as buiten_rmc
         from leerling l
         left join gemeente_rmc gr on gr.gemeentecode = l.woongemeente
         left join aanmelding a on a.cyclus = l.cyclus and a.pgn = l.pgn
         left join mbo_instelling mi on mi.brin = a.brin_mbo
         left join gemeente_rmc ir on ir.gemeentecode = mi.gemeentecode
        where l.cyclus = $1 and l.potentiele_mbo_ganger
        group by l.pgn, l.woongemeente, gr.rmc_code, l.brin_vo, l.overstapstatus, l.teruggevallen)
     select case when grouping(woongemeente) = 0 then 'gemeente' when grouping(rmc) = 0 then 'rmc' when grouping(brin_vo) = 0 then 'vo-school' else 'nationaal' end as niveau,
            coalesce(woongemeente, rmc, brin_vo, 'NL') as code,
            count(*)::int as potentieel,
            count(*) filter (where eerste < $2)::int as voor_aanmelddatum,
            count(*) filter (where overstapstatus in ('AANGEMELD', 'INGESCHREVEN'))::int as aangemeld,
            count(*) filter (where overstapstatus = 'INGESCHREVEN')::int as ingeschreven,
            count(*) filter (where teruggevallen)::int as teruggevallen,
            count(*) filter (where ingeschreven is not null)::int as doorloop_n,
            percentile_cont(0.5) within group (order by extract(epoch from ingeschreven - eerste) / 86400) filter (where ingeschreven is not null) as doorloop_mediaan,
            percentile_cont(0.9) within group (order by extract(epoch from ingeschreven - eerste) / 86400) filter (where ingeschreven is not null) as doorloop_p90,
            count(*) filter (where buiten_rmc)::int as buiten_rmc,
            count(*) filter (where aantal > 0)::int as met_aanmelding,
            count(*) filter (where aantal > 1)::int as meervoudig
       from p
      group by grouping sets ((), (woongemeente), (rmc), (brin_vo))
     having grouping(woongemeente) = 1 or woongemeente is not null`,
    [cyclus, aanmelddatum]);
  return rows.filter((r) => r.code !== null && !(r.niveau !== 'nationaal' && r.code === 'NL')).flatMap((r) => {
    const c = (indicator: string, waarde: number | null, n: number): Cel => ({ niveau: r.niveau, code: r.code!, indicator, waarde, n });
    return [
      c('potentieleMboGangers', r.potentieel, r.potentieel),
      c('aangemeldVoorAanmelddatum', r.voor_aanmelddatum, r.voor_aanmelddatum),
      c('aangemeld', r.aangemeld, r.aangemeld),
      c('ingeschreven', r.ingeschreven, r.ingeschreven),
      c('teruggevallenNaAanmelddatum', r.teruggevallen, r.teruggevallen),
      c('doorlooptijdDagenMediaan', r.doorloop_mediaan, r.doorloop_n),
      c('doorlooptijdDagenP90', r.doorloop_p90, r.doorloop_n),
      c('aangemeldBuitenEigenRmc', r.buiten_rmc, r.buiten_rmc),
      c('meervoudigAangemeldProcent', r.met_aanmelding ? (100 * r.meervoudig) / r.met_aanmelding : null, r.met_aanmelding),
    ];
  });
}

/** Registrations per institution, and per institution and crebo (all registrations, ODT excepted). */
export async function instellingIndicatoren(q: Queryable, cyclus: number): Promise<Cel[]> {
  const { rows } = await q.query<{ brin: string; crebo: string | null; per_crebo: boolean; aanmeldingen: number; ingeschreven: number }>(
    `select brin_mbo as brin, crebo, grouping(crebo) = 0 as per_crebo, count(*)::int as aanmeldingen, count(*) filter (where status = 'LI')::int as ingeschreven
       from aanmelding where cyclus = $1 and binnen_wet group by grouping sets ((brin_mbo), (brin_mbo, crebo))`, [cyclus]);
  return rows.filter((r) => !r.per_crebo || r.crebo !== null).flatMap((r) => !r.per_crebo
    ? [{ niveau: 'mbo-instelling', code: r.brin, indicator: 'aanmeldingen', waarde: r.aanmeldingen, n: r.aanmeldingen },
       { niveau: 'mbo-instelling', code: r.brin, indicator: 'ingeschreven', waarde: r.ingeschreven, n: r.ingeschreven }]
    : [{ niveau: 'mbo-instelling', code: r.brin, indicator: `aanmeldingenCrebo${r.crebo}`, waarde: r.aanmeldingen, n: r.aanmeldingen }]);
}

export async function replaceDag(tx: Queryable, cyclus: number, dag: string, cellen: Cel[]): Promise<void> {
  await tx.query('delete from statistiek where cyclus = $1 and dag = $2', [cyclus, dag]);
  if (cellen.length === 0) return;
  await tx.query(
    `insert into statistiek (cyclus, dag, niveau, code, indicator, waarde, n)
     select $1, $2, niveau, code, indicator, waarde, n from jsonb_to_recordset($3::jsonb) as t(niveau text, code text, indicator text, waarde double precision, n int)`,
    [cyclus, dag, JSON.stringify(cellen)]);
}

export async function heeftDag(q: Queryable, cyclus: number, dag: string): Promise<boolean> {
  return (await q.query('select 1 from statistiek where cyclus = $1 and dag = $2 limit 1', [cyclus, dag])).rows.length > 0;
}

/** The latest frozen day per cycle for a level and code (or of one cycle): the trend over the years. */
export async function reeks(q: Queryable, niveau: string, code: string, cyclus?: number) {
  const { rows } = await q.query<{ cyclus: number; dag: string; indicator: string; waarde: number | null; n: number }>(
    `select s.cyclus, s.dag, s.indicator, s.waarde, s.n from statistiek s
      where s.niveau = $1 and s.code = $2 and ($3::int is null or s.cyclus = $3)
        and s.dag = (select max(t.dag) from statistiek t where t.cyclus = s.cyclus)
      order by s.cyclus, s.indicator`, [niveau, code, cyclus ?? null]);
  return rows;
}
