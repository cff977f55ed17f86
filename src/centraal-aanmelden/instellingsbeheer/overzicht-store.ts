import type { Queryable } from '../../db/db.ts';

/** Every active opleiding of the instelling (also those outside its whitelist), with its cohorts. */
export async function eigenAanbod(q: Queryable, brin: string) {
  const { rows } = await q.query<{ aanbodCode: string; wervingsnaam: string; crebo: string | null; locatie: string; opWhitelist: boolean; cohorten: { cohort: string; toegangscode: boolean }[] }>(
    `select o.aanbod_code as "aanbodCode", o.wervingsnaam, o.crebo, o.locatie,
            exists (select 1 from ca_whitelist w where w.brin = o.brin and w.aanbod_code = o.aanbod_code) as "opWhitelist",
            coalesce((select json_agg(json_build_object('cohort', c.cohort, 'toegangscode', exists (select 1 from ca_toegangscode t where t.aanbod_code = c.aanbod_code and t.cohort = c.cohort)) order by c.cohort)
                        from ca_cohort c where c.aanbod_code = o.aanbod_code and c.actief), '[]'::json) as cohorten
       from ca_opleiding o where o.brin = $1 and o.actief order by o.wervingsnaam, o.aanbod_code`, [brin]);
  return rows;
}

export async function instellingInstellingen(q: Queryable, brin: string): Promise<{ whitelistActief: boolean; domeinen: string[] }> {
  const { rows } = await q.query<{ whitelist_actief: boolean; toegestane_domeinen: string[] }>('select whitelist_actief, toegestane_domeinen from ca_instelling where brin = $1', [brin]);
  return { whitelistActief: rows[0]?.whitelist_actief ?? false, domeinen: rows[0]?.toegestane_domeinen ?? [] };
}

/** The organisation that is this instelling in the hub (its OIN names it in the audit log), if connected. */
export async function instellingOrganisatie(q: Queryable, brin: string): Promise<{ oin: string; naam: string } | null> {
  const { rows } = await q.query<{ oin: string; naam: string }>(`select oin, naam from organisatie where soort = 'mbo-instelling' and brin = $1 and actief order by oin limit 1`, [brin]);
  return rows[0] ?? null;
}

/** The log of messages to the instelling's SIS: queued, fetched, acknowledged; ids only, no personal data. */
export async function sisBerichten(q: Queryable, brin: string, limit: number) {
  const { rows } = await q.query<{ id: string; soort: string; koppelpuntcode: string | null; aanmeldingId: string; klaargezet: Date; opgehaald: Date | null; bevestigd: Date | null; fouten: number }>(
    `select b.id::text as id, b.soort, b.koppelpuntcode, a.brin || ':' || a.keten_id as "aanmeldingId", b.klaargezet, b.opgehaald, b.bevestigd,
            (select count(*)::int from ca_sis_fout f where f.ca_keten_id = b.ca_keten_id and f.tijdstip >= b.klaargezet) as fouten
       from ca_sis_bericht b join ca_aanmelding a on a.ca_keten_id = b.ca_keten_id
      where a.brin = $1 order by b.id desc limit $2`, [brin, limit]);
  return rows.map((r) => ({ ...r, klaargezet: new Date(r.klaargezet), opgehaald: r.opgehaald && new Date(r.opgehaald), bevestigd: r.bevestigd && new Date(r.bevestigd) }));
}
