import type { Queryable } from '../../db/db.ts';
import { sha256Hex } from '../../shared/hash.ts';
import { zetKlaar } from '../koppelpunt/store.ts';
import { bewaarTelling } from '../statistiek/store.ts';

/** One environment as the retention rule needs it (regels.ts), with what a warning needs. */
export interface Kandidaat {
  pgn: string;
  email: string | null;
  taal: 'nl' | 'en';
  laatsteActiviteit: Date;
  gewaarschuwdOp: Date | null;
  heeftAanmelding: boolean;
}

/**
 * Environments that may need action (see `activiteitGrenzen`), oldest activity first, a page at a
 * time (keyset on activity and PGN, so rows that stay — warned ones — are not read twice).
 */
export async function kandidaten(q: Queryable, grens: { leeg: Date; metAanmelding: Date }, na: { laatste: Date; pgn: string } | null, limit: number): Promise<Kandidaat[]> {
  const { rows } = await q.query<{ pgn: string; email: string | null; taal: 'nl' | 'en'; laatste_activiteit: Date | string; gewaarschuwd_op: Date | string | null; heeft: boolean }>(
    `select s.pgn, s.email, s.taal, s.laatste_activiteit, s.gewaarschuwd_op, h.heeft
       from ca_student s
       cross join lateral (select exists (select 1 from ca_aanmelding a where a.pgn = s.pgn) as heeft) h
      where s.laatste_activiteit <= $1 and (not h.heeft or s.laatste_activiteit <= $2)
        and ($3::timestamptz is null or (s.laatste_activiteit, s.pgn) > ($3, $4::char(9)))
      order by s.laatste_activiteit, s.pgn limit $5`,
    [grens.leeg, grens.metAanmelding, na?.laatste ?? null, na?.pgn ?? null, limit]);
  return rows.map((r) => ({
    pgn: r.pgn, email: r.email, taal: r.taal, laatsteActiviteit: new Date(r.laatste_activiteit),
    gewaarschuwdOp: r.gewaarschuwd_op === null ? null : new Date(r.gewaarschuwd_op), heeftAanmelding: r.heeft,
  }));
}

/**
 * Claims the warning of these environments: only where the activity is still the one the rule saw
 * and no current warning exists, so two runs at once warn each student once. Returns the claimed.
 */
export async function claimWaarschuwingen(tx: Queryable, k: Pick<Kandidaat, 'pgn' | 'laatsteActiviteit'>[], nu: Date, waarschuwing: string): Promise<string[]> {
  if (k.length === 0) return [];
  const { rows } = await tx.query<{ pgn: string }>(
    `update ca_student s set gewaarschuwd_op = $3, waarschuwing = $4
       from unnest($1::char(9)[], $2::timestamptz[]) as t(pgn, laatste)
      where s.pgn = t.pgn and s.laatste_activiteit = t.laatste and (s.gewaarschuwd_op is null or s.gewaarschuwd_op < s.laatste_activiteit)
     returning s.pgn`,
    [k.map((x) => x.pgn), k.map((x) => x.laatsteActiviteit), nu, waarschuwing]);
  return rows.map((r) => r.pgn);
}

/** How each claimed warning went (verstuurd, or why not). */
export async function zetWaarschuwing(tx: Queryable, uitkomst: { pgn: string; waarschuwing: string }[]): Promise<void> {
  if (uitkomst.length === 0) return;
  await tx.query(`update ca_student s set waarschuwing = t.w from unnest($1::char(9)[], $2::text[]) as t(pgn, w) where s.pgn = t.pgn`,
    [uitkomst.map((u) => u.pgn), uitkomst.map((u) => u.waarschuwing)]);
}

/**
 * Claims environments for deletion by deleting them: only where the activity is still the one the
 * rule saw (a student who logged in meanwhile stays). Returns the PGNs this transaction took.
 */
export async function claimVerwijdering(tx: Queryable, k: Pick<Kandidaat, 'pgn' | 'laatsteActiviteit'>[]): Promise<string[]> {
  if (k.length === 0) return [];
  const { rows } = await tx.query<{ pgn: string }>(
    `delete from ca_student s using unnest($1::char(9)[], $2::timestamptz[]) as t(pgn, laatste)
      where s.pgn = t.pgn and s.laatste_activiteit = t.laatste returning s.pgn`,
    [k.map((x) => x.pgn), k.map((x) => x.laatsteActiviteit)]);
  return rows.map((r) => r.pgn);
}

/** Deletion on request: the environment goes whatever its activity. */
export async function verwijderOmgeving(tx: Queryable, pgn: string): Promise<boolean> {
  return (await tx.query('delete from ca_student where pgn = $1 returning 1', [pgn])).rows.length === 1;
}

export interface AanmeldingWeg {
  caKetenId: string;
  pgn: string;
  /** The SIS had it and it was open (or its withdrawal still unpulled): an anonymous remainder carries the withdrawal. */
  rest: boolean;
}

/**
 * Deletes the registrations of these students (whose environments the caller just claimed), set-based:
 * 1. their contribution goes into the lasting statistics (all of a student's registrations at once);
 * 2. a registration the SIS already pulled that is still open (INGEDIEND, OA), or whose withdrawal
 *    it has not acknowledged, becomes an anonymous remainder — status AI, no PGN, no data — with a
 *    fresh `intrekking` to pull, so the SIS hears of the erasure (AVG art. 19);
 * 3. everything else goes, with its SIS messages and errors (cascade).
 */
export async function verwijderAanmeldingen(tx: Queryable, pgns: string[], nu: Date): Promise<{ aanmeldingen: AanmeldingWeg[]; sisBerichten: number; sisFoutmeldingen: number }> {
  if (pgns.length === 0) return { aanmeldingen: [], sisBerichten: 0, sisFoutmeldingen: 0 };
  await bewaarTelling(tx, pgns);
  const { rows: [tel] } = await tx.query<{ berichten: number; fouten: number }>(
    `select (select count(*) from ca_sis_bericht b join ca_aanmelding a on a.ca_keten_id = b.ca_keten_id where a.pgn = any($1::char(9)[]))::int as berichten,
            (select count(*) from ca_sis_fout f join ca_aanmelding a on a.ca_keten_id = f.ca_keten_id where a.pgn = any($1::char(9)[]))::int as fouten`, [pgns]);
  const { rows: resten } = await tx.query<{ ca_keten_id: string; pgn: string; koppelpuntcode: string }>(
    `with rest as (
       select a.ca_keten_id, a.pgn from ca_aanmelding a
        where a.pgn = any($1::char(9)[]) and a.koppelpuntcode is not null
          and exists (select 1 from ca_sis_bericht b where b.ca_keten_id = a.ca_keten_id and b.soort = 'aanmelding' and b.opgehaald is not null)
          and (a.status in ('INGEDIEND', 'OA')
               or (a.status = 'AI' and exists (select 1 from ca_sis_bericht b where b.ca_keten_id = a.ca_keten_id and b.soort = 'intrekking' and b.bevestigd is null)))),
     anoniem as (
       update ca_aanmelding a set pgn = null, gegevens = '{}'::jsonb, status = 'AI', status_tijdstip = case when a.status = 'AI' then a.status_tijdstip else $2 end,
              ingetrokken_op = coalesce(a.ingetrokken_op, $2), verwijderd_op = $2
         from rest where a.ca_keten_id = rest.ca_keten_id returning a.ca_keten_id, a.koppelpuntcode)
     select anoniem.ca_keten_id, rest.pgn, anoniem.koppelpuntcode from anoniem join rest on rest.ca_keten_id = anoniem.ca_keten_id`,
    [pgns, nu]);
  if (resten.length) {
    const ids = resten.map((r) => r.ca_keten_id);
    await tx.query('delete from ca_sis_bericht where ca_keten_id = any($1::uuid[])', [ids]);
    await tx.query('delete from ca_sis_fout where ca_keten_id = any($1::uuid[])', [ids]);
    await zetKlaar(tx, resten.map((r) => ({ caKetenId: r.ca_keten_id, koppelpuntcode: r.koppelpuntcode, soort: 'intrekking' as const })), nu);
  }
  const { rows: weg } = await tx.query<{ ca_keten_id: string; pgn: string }>('delete from ca_aanmelding where pgn = any($1::char(9)[]) returning ca_keten_id, pgn', [pgns]);
  return {
    aanmeldingen: [...resten.map((r) => ({ caKetenId: r.ca_keten_id, pgn: r.pgn, rest: true })), ...weg.map((r) => ({ caKetenId: r.ca_keten_id, pgn: r.pgn, rest: false }))],
    sisBerichten: tel!.berichten, sisFoutmeldingen: tel!.fouten,
  };
}

/** Remainders whose withdrawal the SIS acknowledged, or that waited `wachtTot` long enough: gone. */
export async function ruimRestenOp(tx: Queryable, wachtTot: Date): Promise<number> {
  const { rows } = await tx.query(
    `delete from ca_aanmelding a where a.pgn is null
        and (a.verwijderd_op <= $1 or not exists (select 1 from ca_sis_bericht b where b.ca_keten_id = a.ca_keten_id and b.bevestigd is null))
     returning 1`, [wachtTot]);
  return rows.length;
}

/** Remainders in all, and how many of them the next run would clear. */
export async function restenTelling(q: Queryable, wachtTot: Date): Promise<{ resten: number; opTeRuimen: number }> {
  const { rows } = await q.query<{ resten: number; op_te_ruimen: number }>(
    `select count(*)::int as resten,
            count(*) filter (where a.verwijderd_op <= $1 or not exists (select 1 from ca_sis_bericht b where b.ca_keten_id = a.ca_keten_id and b.bevestigd is null))::int as op_te_ruimen
       from ca_aanmelding a where a.pgn is null`, [wachtTot]);
  return { resten: rows[0]!.resten, opTeRuimen: rows[0]!.op_te_ruimen };
}

/** The day's run is this process's when it claims the day first (several hub processes, one database). */
export async function claimDag(q: Queryable, dag: string, nu: Date): Promise<boolean> {
  return (await q.query('insert into ca_bewaartermijn_run (dag, gestart) values ($1, $2) on conflict do nothing returning dag', [dag, nu])).rows.length === 1;
}

export async function voltooiDag(q: Queryable, dag: string, nu: Date, uitkomst: unknown): Promise<void> {
  await q.query('update ca_bewaartermijn_run set voltooid = $2, uitkomst = $3::jsonb where dag = $1', [dag, nu, JSON.stringify(uitkomst)]);
}

/** Stores a report as text and returns its id and the SHA-256 of exactly that text. */
export async function bewaarVerslag(tx: Queryable, aanleiding: 'bewaartermijn' | 'verzoek', tijdstip: Date, verslag: object): Promise<{ id: number; hash: string }> {
  const tekst = JSON.stringify(verslag);
  const hash = sha256Hex(tekst);
  const { rows } = await tx.query<{ id: string }>('insert into ca_bewaarverslag (tijdstip, aanleiding, verslag, hash) values ($1, $2, $3, $4) returning id::text', [tijdstip, aanleiding, tekst, hash]);
  return { id: Number(rows[0]!.id), hash };
}

export async function verslagen(q: Queryable, limit: number): Promise<{ id: number; tekst: string; hash: string }[]> {
  const { rows } = await q.query<{ id: string; tekst: string; hash: string }>('select id::text, verslag as tekst, hash from ca_bewaarverslag order by id desc limit $1', [limit]);
  return rows.map((r) => ({ id: Number(r.id), tekst: r.tekst, hash: r.hash }));
}
