import { array, encoderFor } from '../db/binary-array.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { Status } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';
import type { LeerlingToestand, Overstapstatus } from './derive.ts';

/**
 * Serialises work on the same pupils across concurrent requests and processes: one transaction
 * lock per PGN, taken in a fixed order so that two batches can never deadlock each other. The
 * embedded engine runs one transaction at a time (its session is exclusive, also for a CLI command
 * beside the hub), so there is nothing to serialise: its 1,000 locks cost 13 ms a batch for nothing.
 */
export async function lockPgns(tx: Queryable, engine: Db['engine'], pgns: string[]): Promise<void> {
  if (pgns.length === 0 || engine === 'pglite') return;
  await tx.query(
    `select pg_advisory_xact_lock(k) from (select distinct hashtextextended(p, 7242) as k from unnest($1::text[]) p) s order by k`,
    [pgns]);
}

export interface MboGangerRij {
  cyclus: number; pgn: string; brinVo: string; vestiging: string | null; postcode: string | null; huisnummer: number | null;
  toevoeging: string | null; woonland: string; gemeentecode: string | null; mboGanger: boolean; redenNee: string | null;
  tijdstip: Date; berichtId: string; afzenderOin: string; ontvangen: Date;
}

const MBO_GANGER_COLUMNS = 'cyclus, pgn, brin_vo, vestiging, postcode, huisnummer, toevoeging, woonland, gemeentecode, mbo_ganger, reden_nee, tijdstip, bericht_id, afzender_oin, ontvangen';

/**
 * Maps rows between snake_case columns and the camelCase fields of the store's row types, both ways.
 * Plain loops: a batch maps thousands of rows, and building pairs for Object.fromEntries was most of it.
 */
function rowMapper<T>(columns: string) {
  const fields = columns.split(', ').map((c) => [c, c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase())] as const);
  return {
    fromDb: (r: Record<string, unknown>) => {
      const o: Record<string, unknown> = {};
      for (const [c, f] of fields) o[f] = r[c];
      return o as T;
    },
    toDb: (r: T) => {
      const o: Record<string, unknown> = {};
      for (const [c, f] of fields) o[c] = (r as Record<string, unknown>)[f];
      return o;
    },
  };
}
const mboGangerRows = rowMapper<MboGangerRij>(MBO_GANGER_COLUMNS);

export async function loadMboGangers(q: Queryable, cyclus: number, pgns: string[]): Promise<MboGangerRij[]> {
  // One index probe per PGN (docs/architecture.md, 'Key lookups').
  const { rows } = await q.query<Record<string, unknown>>(
    `select m.* from (select distinct unnest($2::char(9)[])) as k(pgn)
       cross join lateral (select ${MBO_GANGER_COLUMNS} from mbo_ganger where cyclus = $1 and pgn = k.pgn offset 0) m`, [cyclus, pgns]);
  return rows.map(mboGangerRows.fromDb);
}

/** The columns' types, in MBO_GANGER_COLUMNS order: the batch goes in as one typed array per column. */
const MBO_GANGER_TYPES = ['int', 'char(9)', 'char(4)', 'char(6)', 'char(6)', 'int', 'varchar(6)', 'char(4)', 'char(4)', 'boolean', 'text', 'timestamptz', 'uuid', 'varchar(20)', 'timestamptz'];

/** `select * from unnest($1::t1[], $2::t2[], …)`: a batch as column arrays, parsed by PostgreSQL without JSON. */
const unnestOf = (types: string[]) => `select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
/** Those column arrays in binary, each encoded for the type its cast names (src/db/binary-array.ts). */
const encoders = (types: string[]) => types.map(encoderFor);
const MBO_GANGER_ENCODERS = encoders(MBO_GANGER_TYPES);

export async function upsertMboGangers(tx: Queryable, rows: MboGangerRij[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = MBO_GANGER_COLUMNS.split(', ');
  const db = rows.map(mboGangerRows.toDb);
  await tx.query(
    `insert into mbo_ganger (${MBO_GANGER_COLUMNS}) ${unnestOf(MBO_GANGER_TYPES)}
     on conflict (cyclus, pgn, brin_vo) do update set ${columns.slice(3).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    columns.map((c, i) => MBO_GANGER_ENCODERS[i]!(db.map((r) => r[c]))));
}

export interface AanmeldingRij {
  brinMbo: string; aanmeldingId: string; cyclus: number; pgn: string; caKetenId: string | null; postcode: string | null;
  huisnummer: number | null; toevoeging: string | null; woonland: string; gemeentecode: string | null; brinVo: string | null;
  vooropleiding: string; leertraject: string; leeftijdscategorie: string; startkwalificatie: boolean; status: Status;
  crebo: string | null; tijdstip: Date; eersteTijdstip: Date; ingeschrevenTijdstip: Date | null; berichtId: string; afzenderOin: string; ontvangen: Date;
}

const AANMELDING_COLUMNS = 'brin_mbo, aanmelding_id, cyclus, pgn, ca_keten_id, postcode, huisnummer, toevoeging, woonland, gemeentecode, brin_vo, vooropleiding, leertraject, leeftijdscategorie, startkwalificatie, status, crebo, tijdstip, eerste_tijdstip, ingeschreven_tijdstip, bericht_id, afzender_oin, ontvangen';
const aanmeldingRows = rowMapper<AanmeldingRij>(AANMELDING_COLUMNS);
const AANMELDING_FIELDS = AANMELDING_COLUMNS.split(', ');
const AANMELDING_TYPES = ['char(4)', 'varchar(13)', 'int', 'char(9)', 'uuid', 'char(6)', 'int', 'varchar(6)', 'char(4)', 'char(4)', 'char(4)', 'text', 'text', 'text',
  'boolean', 'text', 'char(5)', 'timestamptz', 'timestamptz', 'timestamptz', 'uuid', 'varchar(20)', 'timestamptz'];
const AANMELDING_ENCODERS = encoders(AANMELDING_TYPES);

/** Registrations of these pupils in this cycle, plus the registrations with these keys (any cycle). */
export async function loadAanmeldingen(q: Queryable, cyclus: number, pgns: string[], keys: { brinMbo: string; aanmeldingId: string }[] = []): Promise<AanmeldingRij[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    // One index probe per key (docs/architecture.md, 'Key lookups').
    `select a.* from (select distinct unnest($2::char(9)[])) as k(pgn)
       cross join lateral (select ${AANMELDING_COLUMNS} from aanmelding where cyclus = $1 and pgn = k.pgn offset 0) a
     union
     select a.* from unnest($3::char(4)[], $4::varchar[]) as k(brin, id)
       cross join lateral (select ${AANMELDING_COLUMNS} from aanmelding where brin_mbo = k.brin and aanmelding_id = k.id offset 0) a`,
    [cyclus, pgns, keys.map((k) => k.brinMbo), keys.map((k) => k.aanmeldingId)]);
  return rows.map(aanmeldingRows.fromDb);
}

export async function upsertAanmeldingen(tx: Queryable, rows: AanmeldingRij[]): Promise<void> {
  if (rows.length === 0) return;
  const db = rows.map(aanmeldingRows.toDb);
  await tx.query(
    `insert into aanmelding (${AANMELDING_COLUMNS}) ${unnestOf(AANMELDING_TYPES)}
     on conflict (brin_mbo, aanmelding_id) do update set ${AANMELDING_FIELDS.filter((c) => !['brin_mbo', 'aanmelding_id', 'cyclus'].includes(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    AANMELDING_FIELDS.map((c, i) => AANMELDING_ENCODERS[i]!(db.map((r) => r[c]))));
}

export async function findAanmelding(q: Queryable, aanmeldingId: string): Promise<AanmeldingRij | null> {
  const { rows } = await q.query<Record<string, unknown>>(`select ${AANMELDING_COLUMNS} from aanmelding where aanmelding_id = $1`, [aanmeldingId]);
  return rows[0] ? aanmeldingRows.fromDb(rows[0]) : null;
}

export interface LeerlingRij extends LeerlingToestand {
  cyclus: number;
  pgn: string;
  /** Set once when the pupil fell back after the aanmelddatum; an upsert never clears it. */
  teruggevallen?: boolean;
}

export async function loadOverstapstatussen(q: Queryable, keys: { cyclus: number; pgn: string }[]): Promise<Map<string, string>> {
  const { rows } = await q.query<{ cyclus: number; pgn: string; overstapstatus: string }>(
    // One index probe per key (docs/architecture.md, 'Key lookups').
    `select l.cyclus, l.pgn, l.overstapstatus from unnest($1::int[], $2::char(9)[]) as k(c, p)
       cross join lateral (select cyclus, pgn, overstapstatus from leerling where cyclus = k.c and pgn = k.p offset 0) l`,
    [keys.map((k) => k.cyclus), keys.map((k) => k.pgn)]);
  return new Map(rows.map((r) => [`${r.cyclus}|${r.pgn}`, r.overstapstatus]));
}

export async function upsertLeerlingen(tx: Queryable, rows: LeerlingRij[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: LeerlingRij) => T) => rows.map(f);
  await tx.query(
    `insert into leerling (cyclus, pgn, overstapstatus, potentiele_mbo_ganger, woonland, woongemeente, postcode, huisnummer, toevoeging, brin_vo, reden_nee, teruggevallen, bijgewerkt)
     select *, $13::timestamptz from unnest($1::int[], $2::char(9)[], $3::text[], $4::boolean[], $5::char(4)[], $6::char(4)[], $7::char(6)[], $8::int[],
                                            $9::varchar(6)[], $10::char(4)[], $11::text[], $12::boolean[])
     on conflict (cyclus, pgn) do update set overstapstatus = excluded.overstapstatus, potentiele_mbo_ganger = excluded.potentiele_mbo_ganger,
       woonland = excluded.woonland, woongemeente = excluded.woongemeente, postcode = excluded.postcode, huisnummer = excluded.huisnummer,
       toevoeging = excluded.toevoeging, brin_vo = excluded.brin_vo, reden_nee = excluded.reden_nee,
       teruggevallen = leerling.teruggevallen or excluded.teruggevallen, bijgewerkt = excluded.bijgewerkt`,
    [array.int4(col((r) => r.cyclus)), array.text(col((r) => r.pgn), 'bpchar'), array.text(col((r) => r.overstapstatus)), array.bool(col((r) => r.potentieleMboGanger)),
     array.text(col((r) => r.woonland), 'bpchar'), array.text(col((r) => r.woongemeente), 'bpchar'), array.text(col((r) => r.postcode), 'bpchar'),
     array.int4(col((r) => r.huisnummer)), array.text(col((r) => r.toevoeging), 'varchar'), array.text(col((r) => r.brinVo), 'bpchar'),
     array.text(col((r) => r.redenNee)), array.bool(col((r) => r.teruggevallen ?? false)), at]);
}

export async function subscribedOverstapsystemen(q: Queryable, cyclus: number, pgns: string[]): Promise<Map<string, string[]>> {
  const { rows } = await q.query<{ pgn: string; oin: string }>(
    // One index probe per PGN (docs/architecture.md, 'Key lookups').
    `select a.pgn, a.overstapsysteem_oin as oin from (select distinct unnest($2::char(9)[])) as k(pgn)
       cross join lateral (select pgn, overstapsysteem_oin from overstap_abonnement where cyclus = $1 and pgn = k.pgn offset 0) a
       join organisatie o on o.oin = a.overstapsysteem_oin
      where o.actief order by a.overstapsysteem_oin`, [cyclus, pgns]);
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.pgn, [...(map.get(r.pgn) ?? []), r.oin]);
  return map;
}

/** Overview of a vo-school (spec §8): its potential mbo-goers with their overstapstatus and registrations. */
export async function voSchoolOverzicht(q: Queryable, cyclus: number, brinVo: string, filter?: Overstapstatus) {
  const { rows } = await q.query<{ pgn: string; overstapstatus: Overstapstatus; aanmeldingen: { brinMbo: string; status: Status }[] | null }>(
    `select m.pgn, l.overstapstatus,
            (select jsonb_agg(jsonb_build_object('brinMbo', a.brin_mbo, 'status', a.status) order by a.brin_mbo, a.aanmelding_id)
               from aanmelding a where a.cyclus = m.cyclus and a.pgn = m.pgn and a.binnen_wet) as aanmeldingen
       from mbo_ganger m join leerling l on l.cyclus = m.cyclus and l.pgn = m.pgn
      where m.cyclus = $1 and m.brin_vo = $2 and m.mbo_ganger and ($3::text is null or l.overstapstatus = $3)
      order by m.pgn`, [cyclus, brinVo, filter ?? null]);
  return rows.map((r) => ({ pgn: r.pgn, overstapstatus: r.overstapstatus, aanmeldingen: r.aanmeldingen ?? [] }));
}

/** Per vo-school, how many pupils it reported this cycle (as potential mbo-goer or not). */
export async function gemeldPerSchool(q: Queryable, cyclus: number): Promise<Map<string, number>> {
  const { rows } = await q.query<{ brin_vo: string; n: number }>('select brin_vo, count(*)::int as n from mbo_ganger where cyclus = $1 group by brin_vo', [cyclus]);
  return new Map(rows.map((r) => [r.brin_vo, r.n]));
}

/** Whether the hub holds any pupil of a cycle (a fresh install does not run an old cycle's milestones). */
export async function heeftGegevens(q: Queryable, cyclus: number): Promise<boolean> {
  const { rows } = await q.query<{ ja: boolean }>(
    'select exists (select 1 from mbo_ganger where cyclus = $1) or exists (select 1 from aanmelding where cyclus = $1) as ja', [cyclus]);
  return rows[0]!.ja;
}
