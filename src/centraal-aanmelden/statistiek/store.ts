import type { Queryable } from '../../db/db.ts';

/**
 * The one classification of the statistics of multiple registrations (spec §17), over the
 * registrations `binnen` selects (a condition on `a`, the registration table; its parameters are the
 * caller's). Per registration: its instroomjaar (`cyclus`: the year of the cohort's instroommoment, as
 * stored with the registration), and whether the same student has another registration in that year
 * (`meervoudig`), at another instelling (`elders`). Every registration counts, withdrawn ones too: a
 * registration is a choice the student made. Remainders of deleted students (no PGN) are left out;
 * they were counted when the student went (`bewaarTelling`).
 */
const geclassificeerd = (binnen: string) => `
  with a as (
    select a.brin, a.aanbod_code, a.pgn, substr(a.gegevens->'opleiding'->>'instroommoment', 1, 4)::int as cyclus
      from ca_aanmelding a where a.pgn is not null and (${binnen})),
  k as (
    select brin, aanbod_code, cyclus, count(*) over w > 1 as meervoudig, (min(brin) over w <> brin or max(brin) over w <> brin) as elders
      from a window w as (partition by pgn, cyclus))`;

export interface Telling {
  cyclus: number;
  /** Null: the whole instelling. */
  aanbodCode: string | null;
  wervingsnaam: string | null;
  aanmeldingen: number;
  meervoudig: number;
  meervoudigElders: number;
}

/**
 * Per instroomjaar, for the instelling and each of its opleidingen: live registrations plus what
 * deleted students left. Only registrations of students who have one at this instelling are read
 * (along the PGN index), but each is classified against all that student's registrations.
 */
export async function tellingen(q: Queryable, brin: string, cyclus: number | null): Promise<Telling[]> {
  const { rows } = await q.query<{ cyclus: number; aanbod_code: string | null; wervingsnaam: string | null; aanmeldingen: number; meervoudig: number; meervoudig_elders: number }>(
    `${geclassificeerd('a.pgn in (select b.pgn from ca_aanmelding b where b.brin = $1 and b.pgn is not null)')},
     alle as (
       select cyclus, aanbod_code, 1 as aanmeldingen, meervoudig::int as meervoudig, elders::int as meervoudig_elders from k where brin = $1
       union all
       select cyclus, aanbod_code, aanmeldingen, meervoudig, meervoudig_elders from ca_statistiek_verwijderd where brin = $1)
     select t.cyclus, t.aanbod_code, o.wervingsnaam, t.aanmeldingen, t.meervoudig, t.meervoudig_elders from (
       select cyclus, case when grouping(aanbod_code) = 0 then aanbod_code end as aanbod_code,
              sum(aanmeldingen)::int as aanmeldingen, sum(meervoudig)::int as meervoudig, sum(meervoudig_elders)::int as meervoudig_elders
         from alle where $2::int is null or cyclus = $2
        group by grouping sets ((cyclus), (cyclus, aanbod_code))) t
     left join ca_opleiding o on o.aanbod_code = t.aanbod_code
     order by t.cyclus, t.aanbod_code nulls first`,
    [brin, cyclus]);
  return rows.map((r) => ({
    cyclus: r.cyclus, aanbodCode: r.aanbod_code, wervingsnaam: r.wervingsnaam, aanmeldingen: r.aanmeldingen, meervoudig: r.meervoudig, meervoudigElders: r.meervoudig_elders,
  }));
}

/**
 * Before students are deleted: their registrations' contribution, classified like the live ones,
 * added to the lasting tally. The caller deletes all their registrations in the same transaction.
 */
export async function bewaarTelling(tx: Queryable, pgns: string[]): Promise<void> {
  if (pgns.length === 0) return;
  await tx.query(
    `${geclassificeerd('a.pgn = any($1::char(9)[])')}
     insert into ca_statistiek_verwijderd (cyclus, brin, aanbod_code, aanmeldingen, meervoudig, meervoudig_elders)
     select cyclus, brin, aanbod_code, count(*), count(*) filter (where meervoudig), count(*) filter (where elders) from k group by cyclus, brin, aanbod_code
     on conflict (brin, cyclus, aanbod_code) do update set aanmeldingen = ca_statistiek_verwijderd.aanmeldingen + excluded.aanmeldingen,
       meervoudig = ca_statistiek_verwijderd.meervoudig + excluded.meervoudig, meervoudig_elders = ca_statistiek_verwijderd.meervoudig_elders + excluded.meervoudig_elders`,
    [pgns]);
}
