import type { Queryable } from '../db/db.ts';

/** The PC6 and PC4 fallbacks hold the gemeente that most addresses of that postcode belong to. */
export async function rebuildPostcodeFallbacks(tx: Queryable): Promise<void> {
  await tx.query('delete from pc6_gemeente');
  await tx.query(
    `insert into pc6_gemeente (pc6, gemeentecode)
     select distinct on (pc6) pc6, gemeentecode
       from (select pc6, gemeentecode, count(*) as n from adres_gemeente group by pc6, gemeentecode) t
      order by pc6, n desc, gemeentecode`);
  await tx.query('delete from pc4_gemeente');
  await tx.query(
    `insert into pc4_gemeente (pc4, gemeentecode)
     select distinct on (pc4) pc4, gemeentecode
       from (select left(pc6, 4) as pc4, gemeentecode, count(*) as n from adres_gemeente group by 1, 2) t
      order by pc4, n desc, gemeentecode`);
}

export type GemeenteBron = 'adres' | 'pc6' | 'pc4';

export const adresKey = (postcode: string, huisnummer: number) => `${postcode}:${huisnummer}`;

/**
 * Woongemeente per address (spec §5), for a whole batch in one query: exact postcode+huisnummer,
 * else the PC6 majority, else the PC4 majority; an address without a match is absent (ONBEKEND).
 */
export async function resolveGemeenten(q: Queryable, adressen: { postcode: string; huisnummer: number }[]): Promise<Map<string, { gemeentecode: string; bron: GemeenteBron }>> {
  const result = new Map<string, { gemeentecode: string; bron: GemeenteBron }>();
  if (adressen.length === 0) return result;
  const { rows } = await q.query<{ pc6: string; hnr: number; gemeentecode: string; bron: GemeenteBron }>(
    // The keys as char(n), the columns' type: compared as text, no index applies and every address
    // becomes a scan of the whole CBS table (measured: 179 ms per batch of 1,000 on the demo's 7,657 rows).
    `select a.pc6, a.hnr, m.gemeentecode, m.bron
       from unnest($1::char(6)[], $2::int[]) as a(pc6, hnr)
       cross join lateral (
         select gemeentecode, 'adres' as bron from adres_gemeente g where g.pc6 = a.pc6 and g.huisnummer = a.hnr
         union all select gemeentecode, 'pc6' from pc6_gemeente p where p.pc6 = a.pc6
         union all select gemeentecode, 'pc4' from pc4_gemeente p where p.pc4 = left(a.pc6, 4)::char(4)
         limit 1) m`,
    [adressen.map((a) => a.postcode), adressen.map((a) => a.huisnummer)]);
  for (const r of rows) result.set(adresKey(r.pc6, r.hnr), { gemeentecode: r.gemeentecode, bron: r.bron });
  return result;
}

export async function resolveGemeente(q: Queryable, pc6: string, huisnummer: number): Promise<{ gemeentecode: string; bron: GemeenteBron } | null> {
  return (await resolveGemeenten(q, [{ postcode: pc6, huisnummer }])).get(adresKey(pc6, huisnummer)) ?? null;
}

export async function activeVoSchool(q: Queryable, brin: string): Promise<{ brin: string; naam: string; gemeentecode: string | null; rmcCode: string | null } | null> {
  const { rows } = await q.query<{ brin: string; naam: string; gemeentecode: string | null; rmc_code: string | null }>(
    'select brin, naam, gemeentecode, rmc_code from vo_school where brin = $1 and actief', [brin]);
  const r = rows[0];
  return r ? { brin: r.brin, naam: r.naam, gemeentecode: r.gemeentecode, rmcCode: r.rmc_code } : null;
}

export async function activeMboInstelling(q: Queryable, brin: string): Promise<{ brin: string; naam: string } | null> {
  const { rows } = await q.query<{ brin: string; naam: string }>('select brin, naam from mbo_instelling where brin = $1 and actief', [brin]);
  return rows[0] ?? null;
}

export async function findGemeente(q: Queryable, code: string): Promise<{ code: string; naam: string; rmcCode: string | null } | null> {
  const { rows } = await q.query<{ code: string; naam: string; rmc_code: string | null }>(
    'select g.code, g.naam, r.rmc_code from gemeente g left join gemeente_rmc r on r.gemeentecode = g.code where g.code = $1 and g.actief', [code]);
  const r = rows[0];
  return r ? { code: r.code, naam: r.naam, rmcCode: r.rmc_code } : null;
}

export async function findRmcRegio(q: Queryable, code: string): Promise<{ code: string; naam: string } | null> {
  const { rows } = await q.query<{ code: string; naam: string }>('select code, naam from rmc_regio where code = $1 and actief', [code]);
  return rows[0] ?? null;
}

export async function recordImport(q: Queryable, r: { soort: string; bestand: string; sha256: string; toegevoegd: number; gewijzigd: number; gedeactiveerd: number }): Promise<void> {
  await q.query(
    'insert into referentie_import (soort, bestand, sha256, toegevoegd, gewijzigd, gedeactiveerd) values ($1, $2, $3, $4, $5, $6)',
    [r.soort, r.bestand, r.sha256, r.toegevoegd, r.gewijzigd, r.gedeactiveerd]);
}

/** Row counts of the reference tables, for the demo banner and beheer. */
export async function referenceCounts(q: Queryable): Promise<Record<string, number>> {
  const { rows } = await q.query<Record<string, number>>(
    `select (select count(*) from vo_school where actief)::int as vo_scholen,
            (select count(*) from vo_vestiging where actief)::int as vo_vestigingen,
            (select count(*) from mbo_instelling where actief)::int as mbo_instellingen,
            (select count(*) from gemeente where actief)::int as gemeenten,
            (select count(*) from rmc_regio where actief)::int as rmc_regios,
            (select count(*) from adres_gemeente)::int as adressen,
            (select count(*) from vooropleiding_code where actief)::int as vooropleidingscodes,
            (select count(*) from ca_opleiding where actief)::int as ca_opleidingen`);
  return rows[0]!;
}

/** Which of these BRINs are active in a reference table (vo_school or mbo_instelling). */
export async function activeBrins(q: Queryable, table: 'vo_school' | 'mbo_instelling', brins: string[]): Promise<Set<string>> {
  const { rows } = await q.query<{ brin: string }>(`select brin from ${table} where actief and brin = any($1::char(4)[])`, [brins]);
  return new Set(rows.map((r) => r.brin));
}

export async function activeVestigingen(q: Queryable, brin6s: string[]): Promise<Set<string>> {
  if (brin6s.length === 0) return new Set();
  const { rows } = await q.query<{ brin6: string }>('select brin6 from vo_vestiging where actief and brin6 = any($1::char(6)[])', [brin6s]);
  return new Set(rows.map((r) => r.brin6));
}
