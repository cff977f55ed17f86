import type { Queryable } from '../../db/db.ts';
import type { LopendeInlog } from './oidc.ts';

/** A portal session as the pages use it; this store owns `ca_portaal_sessie`. */
export interface PortaalSessieRij {
  idHash: string;
  pgn: string | null;
  csrfGeheim: string;
  inlog: LopendeInlog | null;
  concept: Record<string, unknown> | null;
  terugUrl: string | null;
  aangemaakt: Date;
  laatstGezien: Date;
}

const KOLOMMEN = `id_hash as "idHash", pgn, csrf_geheim as "csrfGeheim", inlog, concept, terug_url as "terugUrl", aangemaakt, laatst_gezien as "laatstGezien"`;

const vanRij = (r: PortaalSessieRij): PortaalSessieRij => ({ ...r, aangemaakt: new Date(r.aangemaakt), laatstGezien: new Date(r.laatstGezien) });

export async function insertSessie(q: Queryable, s: { idHash: string; pgn: string | null; csrfGeheim: string; inlog: LopendeInlog | null; terugUrl: string | null; nu: Date }): Promise<void> {
  await q.query(
    `insert into ca_portaal_sessie (id_hash, pgn, csrf_geheim, inlog, terug_url, aangemaakt, laatst_gezien) values ($1, $2, $3, $4::jsonb, $5, $6, $6)`,
    [s.idHash, s.pgn, s.csrfGeheim, s.inlog ? JSON.stringify(s.inlog) : null, s.terugUrl, s.nu]);
}

export async function findSessie(q: Queryable, idHash: string): Promise<PortaalSessieRij | null> {
  const { rows } = await q.query<PortaalSessieRij>(`select ${KOLOMMEN} from ca_portaal_sessie where id_hash = $1`, [idHash]);
  return rows[0] ? vanRij(rows[0]) : null;
}

/** Takes the session out (a login's pre-session is used once: its row goes when the callback comes). */
export async function neemSessie(q: Queryable, idHash: string): Promise<PortaalSessieRij | null> {
  const { rows } = await q.query<PortaalSessieRij>(`delete from ca_portaal_sessie where id_hash = $1 returning ${KOLOMMEN}`, [idHash]);
  return rows[0] ? vanRij(rows[0]) : null;
}

export async function touchSessie(q: Queryable, idHash: string, nu: Date): Promise<void> {
  await q.query('update ca_portaal_sessie set laatst_gezien = $2 where id_hash = $1', [idHash, nu]);
}

export async function zetConcept(q: Queryable, idHash: string, concept: Record<string, unknown> | null): Promise<void> {
  await q.query('update ca_portaal_sessie set concept = $2::jsonb where id_hash = $1', [idHash, concept ? JSON.stringify(concept) : null]);
}

export async function zetTerugUrl(q: Queryable, idHash: string, terugUrl: string | null): Promise<void> {
  await q.query('update ca_portaal_sessie set terug_url = $2 where id_hash = $1', [idHash, terugUrl]);
}

export async function deleteSessie(q: Queryable, idHash: string): Promise<void> {
  await q.query('delete from ca_portaal_sessie where id_hash = $1', [idHash]);
}

/** Sessions idle or old past their lifetime (their concepts hold personal data): removed at each login. */
export async function deleteVerlopenSessies(q: Queryable, idleVoor: Date, aangemaaktVoor: Date): Promise<void> {
  await q.query('delete from ca_portaal_sessie where laatst_gezien < $1 or aangemaakt < $2', [idleVoor, aangemaaktVoor]);
}

/** Names of organisations by OIN (for the inzage: who acted). */
export async function organisatieNamen(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ oin: string; naam: string }>('select oin, naam from organisatie');
  return new Map(rows.map((r) => [r.oin, r.naam]));
}

/** Names of mbo-instellingen by BRIN (catalogue search and the registrations list). */
export async function instellingNamen(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ brin: string; naam: string }>('select brin, naam from mbo_instelling');
  return new Map(rows.map((r) => [r.brin.trim(), r.naam]));
}

/** The opleiding's name of each registration of a student, as it was offered when submitted. */
export async function wervingsnamen(q: Queryable, pgn: string): Promise<Map<string, string>> {
  const { rows } = await q.query<{ ca_keten_id: string; wervingsnaam: string }>(`select ca_keten_id, gegevens->'opleiding'->>'wervingsnaam' as wervingsnaam from ca_aanmelding where pgn = $1`, [pgn]);
  return new Map(rows.map((r) => [r.ca_keten_id, r.wervingsnaam]));
}

/** The instelling of each registration of a student (caKetenId → BRIN). */
export async function brinsVan(q: Queryable, pgn: string): Promise<Map<string, string>> {
  const { rows } = await q.query<{ ca_keten_id: string; brin: string }>('select ca_keten_id, brin from ca_aanmelding where pgn = $1', [pgn]);
  return new Map(rows.map((r) => [r.ca_keten_id, r.brin]));
}

export async function insertInlogcode(tx: Queryable, c: { codeHash: string; pgn: string; brin: string; door: string; nu: Date; geldigTot: Date }): Promise<void> {
  await tx.query('insert into ca_inlogcode (code_hash, pgn, brin, uitgegeven_door, uitgegeven_op, geldig_tot) values ($1, $2, $3, $4, $5, $6)',
    [c.codeHash, c.pgn, c.brin, c.door, c.nu, c.geldigTot]);
}

/** The student of a code that is still valid, or null. */
export async function inlogcodeVan(q: Queryable, codeHash: string, nu: Date): Promise<{ pgn: string; brin: string } | null> {
  const { rows } = await q.query<{ pgn: string; brin: string }>('select pgn, brin from ca_inlogcode where code_hash = $1 and geldig_tot > $2', [codeHash, nu]);
  return rows[0] ?? null;
}
