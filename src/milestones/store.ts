import type { Queryable } from '../db/db.ts';
import type { Status } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';

/**
 * The institutions of a kind that exchanged nothing this cycle (spec §3: the 2 Feb and 1 Apr
 * reminders), counted the same way on both dates: every active institution of the reference data
 * (vo-schools: those with vmbo/pro), each with its OIN when it is connected, else null.
 */
export async function zonderUitwisseling(q: Queryable, cyclus: number, soort: 'vo-school' | 'mbo-instelling'): Promise<{ brin: string; oin: string | null }[]> {
  const sql = soort === 'vo-school'
    ? `select s.brin, o.oin from vo_school s
         left join organisatie o on o.soort = 'vo-school' and o.brin = s.brin and o.actief
        where s.actief and s.levert_mbo_gangers
          and not exists (select 1 from mbo_ganger m where m.cyclus = $1 and m.brin_vo = s.brin)
        order by s.brin`
    : `select i.brin, o.oin from mbo_instelling i
         left join organisatie o on o.soort = 'mbo-instelling' and o.brin = i.brin and o.actief
        where i.actief
          and not exists (select 1 from aanmelding a where a.cyclus = $1 and a.brin_mbo = i.brin)
        order by i.brin`;
  const { rows } = await q.query<{ brin: string; oin: string | null }>(sql, [cyclus]);
  return rows;
}

/** Per connected vo-school: its potential mbo-goers not registered anywhere (the 1 April list). */
export async function nietAangemeldPerSchool(q: Queryable, cyclus: number): Promise<{ brin: string; oin: string; pgns: string[] }[]> {
  const { rows } = await q.query<{ brin: string; oin: string; pgns: string[] }>(
    `select o.brin, o.oin, coalesce(array_agg(m.pgn order by m.pgn) filter (where l.overstapstatus = 'GEEN_AANMELDING'), '{}') as pgns
       from organisatie o
       join mbo_ganger m on m.brin_vo = o.brin and m.cyclus = $1 and m.mbo_ganger
       join leerling l on l.cyclus = m.cyclus and l.pgn = m.pgn
      where o.soort = 'vo-school' and o.actief
      group by o.brin, o.oin order by o.brin`, [cyclus]);
  return rows;
}

/** All registrations (not ODT) of the potential mbo-goers living in a gemeente: its jaaroverzicht. */
export async function jaaroverzichtGemeente(q: Queryable, cyclus: number, gemeentecode: string) {
  const { rows } = await q.query<{ pgn: string; brinMbo: string; aanmeldingId: string; status: Status; crebo: string | null }>(
    `select a.pgn, a.brin_mbo as "brinMbo", a.aanmelding_id as "aanmeldingId", a.status, a.crebo
       from leerling l join aanmelding a on a.cyclus = l.cyclus and a.pgn = l.pgn
      where l.cyclus = $1 and l.woongemeente = $2 and l.potentiele_mbo_ganger and a.binnen_wet
      order by a.pgn, a.aanmelding_id`, [cyclus, gemeentecode]);
  return rows;
}

/** Per overstapsysteem: all registrations (not ODT) of the PGNs it registered. */
export async function jaaroverzichtOverstap(q: Queryable, cyclus: number) {
  const { rows } = await q.query<{ oin: string; aanmeldingen: { pgn: string; brinMbo: string; status: Status; crebo: string | null }[] }>(
    `select s.overstapsysteem_oin as oin,
            coalesce(jsonb_agg(jsonb_build_object('pgn', a.pgn, 'brinMbo', a.brin_mbo, 'status', a.status, 'crebo', a.crebo) order by a.pgn, a.aanmelding_id)
              filter (where a.pgn is not null), '[]') as aanmeldingen
       from overstap_abonnement s left join aanmelding a on a.cyclus = s.cyclus and a.pgn = s.pgn and a.binnen_wet
      where s.cyclus = $1 group by s.overstapsysteem_oin`, [cyclus]);
  return rows;
}
