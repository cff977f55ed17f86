import type { Queryable } from '../../db/db.ts';
import type { CaLeerweg } from '../catalogus/leerweg.ts';
import type { Adres, CaStatus } from './regels.ts';

/** What a registration holds about the student: what the SIS needs, nothing more (no nationality, no passend onderwijs). */
export interface AanmeldGegevens {
  voornamen: string;
  achternaam: string;
  geboortedatum: string;
  adres: Adres;
  email: string;
  telefoon: string | null;
  ouders: { naam: string; email: string; telefoon: string }[];
  vooropleiding: { categorie: string; omschrijving: string; brinVo: string | null; diploma: boolean } | null;
  /** The opleiding as the catalogue offered it at submission: what the student chose, whatever the catalogue says later. */
  opleiding: { wervingsnaam: string; crebo: string | null; leerweg: CaLeerweg; locatie: string; onderwijsaanbieder: string; instroommoment: string };
}

export interface Aanmelding {
  caKetenId: string;
  ketenId: string;
  brin: string;
  aanbodCode: string;
  cohort: string;
  onderwijsaanbieder: string;
  koppelpuntcode: string | null;
  /** Null only in the anonymous remainder of a deleted student's registration, kept for the SIS's withdrawal (bewaartermijn/). */
  pgn: string | null;
  status: CaStatus;
  statusTijdstip: Date;
  gegevens: AanmeldGegevens;
  ingediendOp: Date;
  ingetrokkenOp: Date | null;
}

interface Rij {
  ca_keten_id: string; keten_id: string; brin: string; aanbod_code: string; cohort: string; onderwijsaanbieder: string; koppelpuntcode: string | null; pgn: string | null;
  status: CaStatus; status_tijdstip: Date | string; gegevens: AanmeldGegevens; ingediend_op: Date | string; ingetrokken_op: Date | string | null;
}

export const vanRij = (r: Rij): Aanmelding => ({
  caKetenId: r.ca_keten_id, ketenId: r.keten_id, brin: r.brin, aanbodCode: r.aanbod_code, cohort: r.cohort, onderwijsaanbieder: r.onderwijsaanbieder, koppelpuntcode: r.koppelpuntcode,
  pgn: r.pgn, status: r.status, statusTijdstip: new Date(r.status_tijdstip), gegevens: r.gegevens, ingediendOp: new Date(r.ingediend_op),
  ingetrokkenOp: r.ingetrokken_op === null ? null : new Date(r.ingetrokken_op),
});

/** Inserts a registration; false when the ketenId is taken at this instelling (the caller draws another). */
export async function insertAanmelding(tx: Queryable, a: Omit<Aanmelding, 'ingetrokkenOp'>): Promise<boolean> {
  const { rows } = await tx.query(
    `insert into ca_aanmelding (ca_keten_id, keten_id, brin, aanbod_code, cohort, onderwijsaanbieder, koppelpuntcode, pgn, status, status_tijdstip, gegevens, ingediend_op)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) on conflict (brin, keten_id) do nothing returning ca_keten_id`,
    [a.caKetenId, a.ketenId, a.brin, a.aanbodCode, a.cohort, a.onderwijsaanbieder, a.koppelpuntcode, a.pgn, a.status, a.statusTijdstip, JSON.stringify(a.gegevens), a.ingediendOp]);
  return rows.length === 1;
}

export async function findAanmelding(q: Queryable, caKetenId: string): Promise<Aanmelding | null> {
  const { rows } = await q.query<Rij>('select * from ca_aanmelding where ca_keten_id = $1', [caKetenId]);
  return rows[0] ? vanRij(rows[0]) : null;
}

/** Every registration of a student, newest first. */
export async function aanmeldingenVan(q: Queryable, pgn: string): Promise<Aanmelding[]> {
  const { rows } = await q.query<Rij>('select * from ca_aanmelding where pgn = $1 order by ingediend_op desc, ca_keten_id', [pgn]);
  return rows.map(vanRij);
}

/** A registration of this student for the same opleiding and cohort that is still open (not LNI/AI). */
export async function heeftOpenAanmelding(q: Queryable, pgn: string, aanbodCode: string, cohort: string): Promise<boolean> {
  const { rows } = await q.query(`select 1 from ca_aanmelding where pgn = $1 and aanbod_code = $2 and cohort = $3 and status not in ('LNI', 'AI') limit 1`, [pgn, aanbodCode, cohort]);
  return rows.length > 0;
}

/** Withdraws (status AI) when the status is still one of `uit`; false when it changed meanwhile. */
export async function trekIn(tx: Queryable, caKetenId: string, uit: CaStatus[], nu: Date): Promise<boolean> {
  const { rows } = await tx.query(
    `update ca_aanmelding set status = 'AI', status_tijdstip = $3, ingetrokken_op = $3 where ca_keten_id = $1 and status = any($2::text[]) returning 1`,
    [caKetenId, uit, nu]);
  return rows.length === 1;
}

/** One status from the koppelpunt, matched on caKetenId, else on BRIN + ketenId. */
export interface StatusTerug {
  caKetenId: string | null;
  brin: string;
  ketenId: string | null;
  status: string;
  tijdstip: Date;
}

/**
 * Spec §17: statuses flow back. One statement for the whole batch: each status finds its registration
 * by caKetenId or (without it) by ketenId, always at the sending instelling's BRIN (an instelling
 * cannot touch another's registration by quoting its caKetenId); per registration the latest status of the batch wins,
 * and only when the registration is not final (LNI, AI) and the status is not older than the stored
 * koppelpunt status. Against INGEDIEND it always applies: the instelling's clock may run a little
 * behind ours, and its first status cannot be about anything older than the submission.
 */
export async function werkStatussenBij(tx: Queryable, statussen: StatusTerug[]): Promise<{ caKetenId: string; pgn: string; status: string }[]> {
  if (statussen.length === 0) return [];
  const { rows } = await tx.query<{ ca_keten_id: string; pgn: string; status: string }>(
    `with s as (select * from unnest($1::uuid[], $2::char(4)[], $3::char(8)[], $4::text[], $5::timestamptz[]) as s(ca, brin, keten, status, tijdstip)),
     doel as (
       select distinct on (m.ca_keten_id) m.ca_keten_id, m.status, m.tijdstip from (
         select a.ca_keten_id, s.status, s.tijdstip from s join ca_aanmelding a on a.ca_keten_id = s.ca and a.brin = s.brin
         union all
         select a.ca_keten_id, s.status, s.tijdstip from s join ca_aanmelding a on s.ca is null and a.brin = s.brin and a.keten_id = s.keten) m
       order by m.ca_keten_id, m.tijdstip desc)
     update ca_aanmelding a set status = doel.status, status_tijdstip = doel.tijdstip
       from doel
      where a.ca_keten_id = doel.ca_keten_id and a.status not in ('LNI', 'AI') and (a.status = 'INGEDIEND' or a.status_tijdstip <= doel.tijdstip)
     returning a.ca_keten_id, a.pgn, a.status`,
    [statussen.map((s) => s.caKetenId), statussen.map((s) => s.brin), statussen.map((s) => s.ketenId), statussen.map((s) => s.status), statussen.map((s) => s.tijdstip)]);
  return rows.map((r) => ({ caKetenId: r.ca_keten_id, pgn: r.pgn, status: r.status }));
}
