import type { Queryable } from '../../db/db.ts';
import { vanRij as aanmeldingVanRij, type Aanmelding } from '../aanmelding/store.ts';
import type { Koppelpunt } from './kies.ts';

interface KoppelpuntRij { koppelpuntcode: string; brin: string; onderwijsaanbieders: string[]; actief: boolean }
const koppelpuntVanRij = (r: KoppelpuntRij): Koppelpunt => ({ koppelpuntcode: r.koppelpuntcode, brin: r.brin, onderwijsaanbieders: r.onderwijsaanbieders, actief: r.actief });

/** Exact match: the koppelpuntcode is case-sensitive (text `=` compares bytes here, no collation folding). */
export async function findKoppelpunt(q: Queryable, code: string): Promise<Koppelpunt | null> {
  const { rows } = await q.query<KoppelpuntRij>('select * from ca_koppelpunt where koppelpuntcode = $1', [code]);
  return rows[0] ? koppelpuntVanRij(rows[0]) : null;
}

export async function koppelpuntenVan(q: Queryable, brin: string): Promise<Koppelpunt[]> {
  const { rows } = await q.query<KoppelpuntRij>('select * from ca_koppelpunt where brin = $1 order by koppelpuntcode', [brin]);
  return rows.map(koppelpuntVanRij);
}

export async function zetKoppelpunt(tx: Queryable, k: Koppelpunt): Promise<void> {
  await tx.query(
    `insert into ca_koppelpunt (koppelpuntcode, brin, onderwijsaanbieders, actief) values ($1, $2, $3::text[], $4)
     on conflict (koppelpuntcode) do update set brin = excluded.brin, onderwijsaanbieders = excluded.onderwijsaanbieders, actief = excluded.actief`,
    [k.koppelpuntcode, k.brin, k.onderwijsaanbieders, k.actief]);
}

export interface KlaarTeZetten {
  caKetenId: string;
  koppelpuntcode: string | null;
  soort: 'aanmelding' | 'intrekking';
}

/** Queues messages for the SIS, set-based. */
export async function zetKlaar(tx: Queryable, berichten: KlaarTeZetten[], nu: Date, beschikbaarVanaf: Date = nu): Promise<void> {
  if (berichten.length === 0) return;
  await tx.query(
    `insert into ca_sis_bericht (ca_keten_id, koppelpuntcode, soort, klaargezet, beschikbaar_vanaf)
     select * , $4::timestamptz, $5::timestamptz from unnest($1::uuid[], $2::text[], $3::text[])`,
    [berichten.map((b) => b.caKetenId), berichten.map((b) => b.koppelpuntcode), berichten.map((b) => b.soort), nu, beschikbaarVanaf]);
}

export interface SisBericht {
  berichtId: string;
  soort: 'aanmelding' | 'intrekking';
  klaargezet: Date;
  aanmelding: Aanmelding;
}

/**
 * The open (unacknowledged, available) messages of a koppelpunt, oldest first, marked as fetched in
 * the same statement; a message stays open until the SIS acknowledges it.
 */
export async function haalOp(tx: Queryable, code: string, nu: Date, limit: number): Promise<SisBericht[]> {
  const { rows } = await tx.query<{ id: string; soort: SisBericht['soort']; klaargezet: Date | string } & Parameters<typeof aanmeldingVanRij>[0]>(
    `with open as (
       select id from ca_sis_bericht where koppelpuntcode = $1 and bevestigd is null and beschikbaar_vanaf <= $2 order by id limit $3),
     gemarkeerd as (
       update ca_sis_bericht b set opgehaald = coalesce(b.opgehaald, $2) from open where b.id = open.id returning b.id, b.soort, b.klaargezet, b.ca_keten_id)
     select g.id::text as id, g.soort, g.klaargezet, a.* from gemarkeerd g join ca_aanmelding a on a.ca_keten_id = g.ca_keten_id order by g.id`,
    [code, nu, limit]);
  return rows.map((r) => ({ berichtId: r.id, soort: r.soort, klaargezet: new Date(r.klaargezet), aanmelding: aanmeldingVanRij(r) }));
}

/** Acknowledges messages of this koppelpunt; returns those that were open (the others were unknown or done). */
export async function bevestig(tx: Queryable, code: string, berichtIds: string[], nu: Date): Promise<{ berichtId: string; caKetenId: string; pgn: string | null }[]> {
  const { rows } = await tx.query<{ id: string; ca_keten_id: string; pgn: string | null }>(
    `update ca_sis_bericht b set bevestigd = $3, opgehaald = coalesce(b.opgehaald, $3)
       from ca_aanmelding a
      where a.ca_keten_id = b.ca_keten_id and b.koppelpuntcode = $1 and b.id = any($2::bigint[]) and b.bevestigd is null
     returning b.id::text as id, b.ca_keten_id, a.pgn`,
    [code, berichtIds, nu]);
  return rows.map((r) => ({ berichtId: r.id, caKetenId: r.ca_keten_id, pgn: r.pgn }));
}

/**
 * Registrations of this koppelpunt among these ids (with their PGN, for the audit), or of its
 * instelling not yet routed anywhere. Not a deleted student's remainder: it holds nothing to queue or correct.
 */
export async function aanmeldingenVanKoppelpunt(q: Queryable, k: Koppelpunt, caKetenIds: string[], sinds?: Date): Promise<Map<string, { pgn: string; koppelpuntcode: string | null }>> {
  const { rows } = await q.query<{ ca_keten_id: string; pgn: string; koppelpuntcode: string | null }>(
    `select ca_keten_id, pgn, koppelpuntcode from ca_aanmelding
      where ca_keten_id = any($1::uuid[]) and pgn is not null and (koppelpuntcode = $2 or (koppelpuntcode is null and brin = $3))
        and ($4::timestamptz is null or ingediend_op >= $4)`,
    [caKetenIds, k.koppelpuntcode, k.brin, sinds ?? null]);
  return new Map(rows.map((r) => [r.ca_keten_id, { pgn: r.pgn, koppelpuntcode: r.koppelpuntcode }]));
}

/** Records the SIS's errors, one row each. */
export async function insertFouten(tx: Queryable, code: string, fouten: { caKetenId: string; melding: string }[], nu: Date): Promise<void> {
  await tx.query(
    `insert into ca_sis_fout (ca_keten_id, koppelpuntcode, melding, tijdstip) select f.ca, $1, f.melding, $4 from unnest($2::uuid[], $3::text[]) as f(ca, melding)`,
    [code, fouten.map((f) => f.caKetenId), fouten.map((f) => f.melding), nu]);
}

/** A registration queued again belongs to this koppelpunt from then on (it may have had none). */
export async function wijsToe(tx: Queryable, code: string, caKetenIds: string[]): Promise<void> {
  await tx.query('update ca_aanmelding set koppelpuntcode = $1 where ca_keten_id = any($2::uuid[])', [code, caKetenIds]);
}

export interface SisOverzichtRij {
  caKetenId: string;
  /** For the audit only; null in a deleted student's remainder. */
  pgn: string | null;
  aanmeldingId: string;
  ingediendOp: Date;
  bevestigd: boolean;
  foutmeldingen: { melding: string; tijdstip: Date }[];
}

/**
 * Per registration of the koppelpunt: is its latest message acknowledged, and which errors came in
 * since it was queued (an error before a requeue is history, not the state).
 */
export async function sisOverzicht(q: Queryable, code: string, sinds: Date): Promise<SisOverzichtRij[]> {
  const { rows } = await q.query<{ ca_keten_id: string; pgn: string | null; brin: string; keten_id: string; ingediend_op: Date | string; bevestigd: boolean; fouten: { melding: string; tijdstip: string }[] }>(
    `select a.ca_keten_id, a.pgn, a.brin, a.keten_id, a.ingediend_op, coalesce(l.bevestigd is not null, false) as bevestigd,
            coalesce((select json_agg(json_build_object('melding', f.melding, 'tijdstip', f.tijdstip) order by f.id) from ca_sis_fout f
                       where f.ca_keten_id = a.ca_keten_id and f.tijdstip >= coalesce(l.klaargezet, a.ingediend_op)), '[]'::json) as fouten
       from ca_aanmelding a
       left join lateral (select b.bevestigd, b.klaargezet from ca_sis_bericht b where b.ca_keten_id = a.ca_keten_id order by b.id desc limit 1) l on true
      where a.koppelpuntcode = $1 and a.ingediend_op >= $2
      order by a.ingediend_op, a.ca_keten_id`,
    [code, sinds]);
  return rows.map((r) => ({
    caKetenId: r.ca_keten_id, pgn: r.pgn, aanmeldingId: `${r.brin}:${r.keten_id}`, ingediendOp: new Date(r.ingediend_op), bevestigd: r.bevestigd,
    foutmeldingen: r.fouten.map((f) => ({ melding: f.melding, tijdstip: new Date(f.tijdstip) })),
  }));
}

/** Registrations of an instelling that no koppelpunt took when they were submitted. */
export async function ongerouteerd(q: Queryable, brin: string): Promise<{ caKetenId: string; pgn: string | null; onderwijsaanbieder: string }[]> {
  const { rows } = await q.query<{ ca_keten_id: string; pgn: string | null; onderwijsaanbieder: string }>(
    'select ca_keten_id, pgn, onderwijsaanbieder from ca_aanmelding where brin = $1 and koppelpuntcode is null', [brin]);
  return rows.map((r) => ({ caKetenId: r.ca_keten_id, pgn: r.pgn, onderwijsaanbieder: r.onderwijsaanbieder }));
}

/** Gives registrations their koppelpunt, and their unacknowledged messages with them: two set-based statements. */
export async function routeer(tx: Queryable, toewijzing: { caKetenId: string; koppelpuntcode: string }[]): Promise<void> {
  if (toewijzing.length === 0) return;
  const params = [toewijzing.map((t) => t.caKetenId), toewijzing.map((t) => t.koppelpuntcode)];
  await tx.query(
    `update ca_aanmelding a set koppelpuntcode = t.code from unnest($1::uuid[], $2::text[]) as t(ca, code) where a.ca_keten_id = t.ca and a.koppelpuntcode is null`, params);
  await tx.query(
    `update ca_sis_bericht b set koppelpuntcode = t.code from unnest($1::uuid[], $2::text[]) as t(ca, code)
      where b.ca_keten_id = t.ca and b.koppelpuntcode is null and b.bevestigd is null`, params);
}
