import { sha256Hex } from '../shared/hash.ts';
import type { Queryable } from '../db/db.ts';

/**
 * The purge's proof (spec §14: "afterwards no PGN of the cycle can be found anywhere in the database"):
 * the PGNs that only this cycle knows, gathered before the purge, are looked for afterwards in every
 * text and JSON column of every table — the audit log's free text included — as PGN-shaped values.
 */

/** Where a cycle's PGNs live; a PGN also known to a later cycle stays (it is that cycle's data now). */
const PGN_TABELLEN = ['leerling', 'mbo_ganger', 'aanmelding', 'signaal', 'signaal_stand', 'overstap_abonnement', 'feit'] as const;

export async function pgnsVanAlleenCyclus(q: Queryable, cyclus: number): Promise<string[]> {
  const union = (op: string) => PGN_TABELLEN.map((t) => `select pgn from ${t} where cyclus ${op} $1 and pgn is not null`).join(' union ');
  const { rows } = await q.query<{ pgn: string }>(`select pgn from (${union('=')}) a except select pgn from (${union('>')}) b`, [cyclus]);
  return rows.map((r) => r.pgn);
}

/** Columns that are hashes or pseudonyms: 64 hex characters that could hold a 9-digit run by chance. */
const HASHKOLOMMEN = new Set(['hash', 'vorige_hash', 'pgn_pseudoniem', 'handtekening', 'volgorde_sleutel', 'token_hash', 'id_hash', 'sha256', 'waarde']);

/**
 * Centraal Aanmelden keeps a student's environment on its own term (spec §17: a year after the last
 * activity), not per cycle: its tables (all named `ca_…`) are left out of the cycle purge's search,
 * named in its report as such, and searched by its own retention's report instead.
 */
export const heeftEigenBewaartermijn = (tabel: string) => tabel.startsWith('ca_');

interface Kolom {
  tabel: string;
  kolom: string;
}

/** The cycle purge's scope: every table but those with a retention term of their own. */
const buitenEigenBewaartermijn = (tabel: string) => !heeftEigenBewaartermijn(tabel);

async function tekstKolommen(q: Queryable, binnen: (tabel: string) => boolean): Promise<Kolom[]> {
  const { rows } = await q.query<Kolom>(
    `select c.table_name as tabel, c.column_name as kolom
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema()
        and c.data_type in ('character', 'character varying', 'text', 'json', 'jsonb')
      order by 1, 2`);
  return rows.filter((r) => !HASHKOLOMMEN.has(r.kolom) && binnen(r.tabel));
}

/**
 * Per table, how many of `pgns` still occur in it (0 everywhere is a clean purge). One scan per
 * table: every run of exactly 9 digits in its text columns, joined to the PGNs (a hash join, so
 * 100,000 PGNs cost no more than 10). `binnen` chooses the tables searched: by default all but
 * Centraal Aanmelden's; its own retention (src/centraal-aanmelden/bewaartermijn) searches just those.
 */
export async function pgnsGevonden(q: Queryable, pgns: string[], binnen: (tabel: string) => boolean = buitenEigenBewaartermijn): Promise<Record<string, number>> {
  const perTabel = new Map<string, string[]>();
  for (const k of await tekstKolommen(q, binnen)) perTabel.set(k.tabel, [...(perTabel.get(k.tabel) ?? []), k.kolom]);
  const gevonden: Record<string, number> = {};
  for (const [tabel, kolommen] of perTabel) {
    const tekst = kolommen.map((k) => `coalesce("${k}"::text, '')`).join(` || ' ' || `);
    const { rows } = await q.query<{ n: number }>(
      `select count(distinct m.v)::int as n
         from (select (regexp_matches(${tekst}, '(?<![0-9])([0-9]{9})(?![0-9])', 'g'))[1] as v from "${tabel}") m
         join unnest($1::text[]) p(pgn) on p.pgn = m.v`, [pgns]);
    gevonden[tabel] = rows[0]!.n;
  }
  return gevonden;
}

export async function rijenVanCyclus(q: Queryable, tabellen: readonly string[], cyclus: number): Promise<Record<string, number>> {
  const over: Record<string, number> = {};
  for (const t of tabellen) over[t] = (await q.query<{ n: number }>(`select count(*)::int as n from ${t} where cyclus = $1`, [cyclus])).rows[0]!.n;
  return over;
}

export interface Opschoonverslag {
  cyclus: number;
  tijdstip: string;
  verwijderd: Record<string, number>;
  controle: {
    /** Rows of the cycle left per table (journal rows not yet distributed may wait for the next purge). */
    rijenOver: Record<string, number>;
    /** How many PGNs only this cycle knew (the number, never the PGNs). */
    pgnsVanCyclus: number;
    /** Of those, how many still occur, per table. */
    pgnsGevonden: Record<string, number>;
    /** Tables with a retention term of their own, not searched (Centraal Aanmelden, §17). */
    eigenBewaartermijn: string[];
  };
  schoon: boolean;
}

/** Stores the report as text and returns its SHA-256: the hash is over exactly the text that is stored and shown. */
export async function bewaarVerslag(q: Queryable, v: Opschoonverslag): Promise<string> {
  const tekst = JSON.stringify(v);
  const hash = sha256Hex(tekst);
  await q.query(
    `insert into opschoonverslag (cyclus, tijdstip, verslag, hash) values ($1, $2, $3, $4)
     on conflict (cyclus) do update set tijdstip = excluded.tijdstip, verslag = excluded.verslag, hash = excluded.hash`,
    [v.cyclus, v.tijdstip, tekst, hash]);
  return hash;
}

export async function verslagen(q: Queryable): Promise<{ cyclus: number; tekst: string; hash: string }[]> {
  return (await q.query<{ cyclus: number; tekst: string; hash: string }>('select cyclus, verslag as tekst, hash from opschoonverslag order by cyclus desc')).rows;
}

/** The tables the cycle purge leaves to a retention term of their own, for its report. */
export async function tabellenMetEigenBewaartermijn(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ tabel: string }>(
    `select table_name as tabel from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`);
  return rows.map((r) => r.tabel).filter(heeftEigenBewaartermijn);
}
