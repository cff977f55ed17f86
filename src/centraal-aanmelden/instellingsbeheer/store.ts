import type { Queryable } from '../../db/db.ts';
import type { PogingStand } from '../../console/blokkade.ts';

/** The two places an instelling has for administrators (CAMBO FAQ); the table's check says the same. */
export const PLAATSEN = [1, 2] as const;

export interface Beheerder {
  id: number; brin: string; plaats: number; gebruikersnaam: string; naam: string; wachtwoordHash: string; totpGeheim: string;
  totpLaatsteStap: number; mislukt: number; geblokkeerdTot: Date | null;
}

const KOLOMMEN = `id::int, brin, plaats, gebruikersnaam, naam, wachtwoord_hash as "wachtwoordHash", totp_geheim as "totpGeheim",
  totp_laatste_stap::float8 as "totpLaatsteStap", mislukte_pogingen as mislukt, geblokkeerd_tot as "geblokkeerdTot"`;

/**
 * Adds an administrator in the first free place of the instelling; null when both are taken. Two
 * additions at once both see a free place: the unique (brin, plaats) refuses the second (23505).
 */
export async function insertBeheerder(tx: Queryable, b: { brin: string; gebruikersnaam: string; naam: string; wachtwoordHash: string; totpGeheim: string; nu: Date }): Promise<number | null> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into ca_instellingsbeheerder (brin, plaats, gebruikersnaam, naam, wachtwoord_hash, totp_geheim, aangemaakt)
     select $1, p.plaats, $2, $3, $4, $5, $6 from unnest($7::smallint[]) as p(plaats)
      where not exists (select 1 from ca_instellingsbeheerder b where b.brin = $1 and b.plaats = p.plaats)
      order by p.plaats limit 1
     returning id::int`,
    [b.brin, b.gebruikersnaam, b.naam, b.wachtwoordHash, b.totpGeheim, b.nu, [...PLAATSEN]]);
  return rows[0]?.id ?? null;
}

export async function findBeheerder(q: Queryable, gebruikersnaam: string): Promise<Beheerder | null> {
  const { rows } = await q.query<Beheerder>(`select ${KOLOMMEN} from ca_instellingsbeheerder where gebruikersnaam = $1`, [gebruikersnaam]);
  return rows[0] ?? null;
}

export async function lockBeheerder(tx: Queryable, gebruikersnaam: string): Promise<Beheerder | null> {
  const { rows } = await tx.query<Beheerder>(`select ${KOLOMMEN} from ca_instellingsbeheerder where gebruikersnaam = $1 for update`, [gebruikersnaam]);
  return rows[0] ?? null;
}

export async function listBeheerders(q: Queryable, brin: string): Promise<{ gebruikersnaam: string; naam: string; plaats: number }[]> {
  const { rows } = await q.query<{ gebruikersnaam: string; naam: string; plaats: number }>('select gebruikersnaam, naam, plaats from ca_instellingsbeheerder where brin = $1 order by plaats', [brin]);
  return rows;
}

export async function deleteBeheerder(tx: Queryable, brin: string, gebruikersnaam: string): Promise<boolean> {
  const { rows } = await tx.query('delete from ca_instellingsbeheerder where brin = $1 and gebruikersnaam = $2 returning 1', [brin, gebruikersnaam]);
  return rows.length === 1;
}

export async function savePogingen(tx: Queryable, id: number, s: PogingStand): Promise<void> {
  await tx.query('update ca_instellingsbeheerder set mislukte_pogingen = $2, geblokkeerd_tot = $3 where id = $1', [id, s.mislukt, s.geblokkeerdTot]);
}

export async function saveTotpStap(tx: Queryable, id: number, stap: number): Promise<void> {
  await tx.query('update ca_instellingsbeheerder set totp_laatste_stap = $2 where id = $1', [id, stap]);
}

export async function updateGeheimen(q: Queryable, gebruikersnaam: string, wachtwoordHash: string, totpGeheim: string): Promise<boolean> {
  const res = await q.query(
    `update ca_instellingsbeheerder set wachtwoord_hash = $2, totp_geheim = $3, totp_laatste_stap = 0, mislukte_pogingen = 0, geblokkeerd_tot = null where gebruikersnaam = $1`,
    [gebruikersnaam, wachtwoordHash, totpGeheim]);
  return res.rowCount > 0;
}

export interface SessieRij { idHash: string; beheerderId: number; csrfGeheim: string; aangemaakt: Date; laatstGezien: Date; gebruikersnaam: string; naam: string; brin: string }

export async function insertSessie(q: Queryable, s: { idHash: string; beheerderId: number; csrfGeheim: string; nu: Date }): Promise<void> {
  await q.query('insert into ca_instellingsbeheer_sessie (id_hash, beheerder_id, csrf_geheim, aangemaakt, laatst_gezien) values ($1, $2, $3, $4, $4)', [s.idHash, s.beheerderId, s.csrfGeheim, s.nu]);
}

export async function findSessie(q: Queryable, idHash: string): Promise<SessieRij | null> {
  const { rows } = await q.query<SessieRij>(
    `select s.id_hash as "idHash", s.beheerder_id::int as "beheerderId", s.csrf_geheim as "csrfGeheim", s.aangemaakt, s.laatst_gezien as "laatstGezien", b.gebruikersnaam, b.naam, b.brin
       from ca_instellingsbeheer_sessie s join ca_instellingsbeheerder b on b.id = s.beheerder_id where s.id_hash = $1`, [idHash]);
  return rows[0] ? { ...rows[0], aangemaakt: new Date(rows[0].aangemaakt), laatstGezien: new Date(rows[0].laatstGezien) } : null;
}

export async function touchSessie(q: Queryable, idHash: string, nu: Date): Promise<void> {
  await q.query('update ca_instellingsbeheer_sessie set laatst_gezien = $2 where id_hash = $1', [idHash, nu]);
}

export async function deleteSessie(q: Queryable, idHash: string): Promise<void> {
  await q.query('delete from ca_instellingsbeheer_sessie where id_hash = $1', [idHash]);
}

export async function deleteVerlopenSessies(q: Queryable, idleVoor: Date, aangemaaktVoor: Date): Promise<void> {
  await q.query('delete from ca_instellingsbeheer_sessie where laatst_gezien < $1 or aangemaakt < $2', [idleVoor, aangemaaktVoor]);
}
