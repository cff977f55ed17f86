import type { Queryable } from '../db/db.ts';

/**
 * PGNs (of this cycle) an overstapsysteem may follow: reported by a vo-school, or living in a
 * gemeente, that gave it a valid mandate (spec §9).
 */
export async function toegestanePgns(q: Queryable, oin: string, cyclus: number, pgns: string[], datum: string): Promise<Set<string>> {
  const { rows } = await q.query<{ pgn: string }>(
    `with mandanten as (
       select o.soort, o.brin, o.gemeentecode from mandaat m join organisatie o on o.oin = m.school_oin and o.actief
        where m.leverancier_oin = $1 and m.geldig_van <= $4::date and (m.geldig_tot is null or m.geldig_tot >= $4::date))
     select distinct p.pgn from unnest($3::char(9)[]) as p(pgn)
      where exists (select 1 from mbo_ganger g join mandanten d on d.soort = 'vo-school' and d.brin = g.brin_vo where g.cyclus = $2 and g.pgn = p.pgn)
         or exists (select 1 from leerling l join mandanten d on d.soort = 'gemeente' and d.gemeentecode = l.woongemeente where l.cyclus = $2 and l.pgn = p.pgn)`,
    [oin, cyclus, pgns, datum]);
  return new Set(rows.map((r) => r.pgn));
}

export async function registreer(tx: Queryable, oin: string, cyclus: number, pgns: string[], at: Date): Promise<void> {
  if (pgns.length === 0) return;
  await tx.query(
    `insert into overstap_abonnement (overstapsysteem_oin, cyclus, pgn, aangemaakt) select $1, $2, p, $4 from unnest($3::text[]) p on conflict do nothing`,
    [oin, cyclus, pgns, at]);
}

export async function geregistreerd(q: Queryable, oin: string, cyclus: number, pgns: string[]): Promise<Set<string>> {
  // One index probe per PGN (docs/architecture.md, 'Key lookups').
  const { rows } = await q.query<{ pgn: string }>(
    `select a.pgn from (select distinct unnest($3::char(9)[])) as k(pgn)
       cross join lateral (select pgn from overstap_abonnement where overstapsysteem_oin = $1 and cyclus = $2 and pgn = k.pgn offset 0) a`, [oin, cyclus, pgns]);
  return new Set(rows.map((r) => r.pgn));
}

/** Current registrations of these PGNs anywhere in the country: institution, crebo, status only. */
export async function statussen(q: Queryable, cyclus: number, pgns: string[]) {
  // One index probe per PGN (docs/architecture.md, 'Key lookups').
  const { rows } = await q.query<{ pgn: string; brinMbo: string; crebo: string | null; status: string }>(
    `select a.pgn, a.brin_mbo as "brinMbo", a.crebo, a.status from (select distinct unnest($2::char(9)[])) as k(pgn)
       cross join lateral (select pgn, brin_mbo, aanmelding_id, crebo, status from aanmelding where cyclus = $1 and pgn = k.pgn and binnen_wet offset 0) a
      order by a.pgn, a.brin_mbo, a.aanmelding_id`,
    [cyclus, pgns]);
  return rows;
}
