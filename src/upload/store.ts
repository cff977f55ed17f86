import type { Queryable } from '../db/db.ts';
import type { InvalidParam } from '../shared/errors.ts';
import { alsOpslaanbaar } from '../shared/validation.ts';

export interface Upload {
  id: string; afzenderOin: string; soort: string; sha256: string; cyclus: number; status: 'verwerken' | 'klaar' | 'mislukt'; rijen: number;
  verwerkt: number; verouderd: number; duplicaat: number; afgewezen: number; ontvangen: Date; klaar: Date | null;
}
const SELECT = `select id, afzender_oin as "afzenderOin", soort, sha256, cyclus, status, rijen, verwerkt, verouderd, duplicaat, afgewezen, ontvangen, klaar from upload`;

export async function findBySha(q: Queryable, afzenderOin: string, sha256: string): Promise<Upload | null> {
  const { rows } = await q.query<Upload>(`${SELECT} where afzender_oin = $1 and sha256 = $2`, [afzenderOin, sha256]);
  return rows[0] ?? null;
}

export async function find(q: Queryable, id: string): Promise<Upload | null> {
  const { rows } = await q.query<Upload>(`${SELECT} where id = $1`, [id]);
  return rows[0] ?? null;
}

/** Returns false when this sender already uploaded this exact file (a concurrent twin lost the race). */
export async function insert(q: Queryable, u: Pick<Upload, 'id' | 'afzenderOin' | 'soort' | 'sha256' | 'cyclus' | 'ontvangen'>): Promise<boolean> {
  const res = await q.query(
    `insert into upload (id, afzender_oin, soort, sha256, cyclus, status, ontvangen) values ($1, $2, $3, $4, $5, 'verwerken', $6) on conflict (afzender_oin, sha256) do nothing returning id`,
    [u.id, u.afzenderOin, u.soort, u.sha256, u.cyclus, u.ontvangen]);
  return res.rows.length === 1;
}

export async function addCounts(q: Queryable, id: string, c: { rijen: number; verwerkt: number; verouderd: number; duplicaat: number; afgewezen: number }, afwijzingen: { rij: number; problemen: InvalidParam[] }[]): Promise<void> {
  await q.query(
    `update upload set rijen = rijen + $2, verwerkt = verwerkt + $3, verouderd = verouderd + $4, duplicaat = duplicaat + $5, afgewezen = afgewezen + $6 where id = $1`,
    [id, c.rijen, c.verwerkt, c.verouderd, c.duplicaat, c.afgewezen]);
  if (afwijzingen.length) {
    await q.query(
      `insert into upload_afwijzing (upload_id, rij, problemen) select $1, r, p from unnest($2::int[], $3::jsonb[]) as t(r, p) on conflict do nothing`,
      [id, afwijzingen.map((a) => a.rij), afwijzingen.map((a) => JSON.stringify(a.problemen.map(opslaanbaar)))]);
  }
}

// A problem may echo a client's text (a column name); jsonb takes neither NUL nor a lone surrogate.
const opslaanbaar = (p: InvalidParam): InvalidParam => ({ ...p, name: alsOpslaanbaar(p.name), reason: alsOpslaanbaar(p.reason) });

export async function finish(q: Queryable, id: string, status: 'klaar' | 'mislukt', at: Date): Promise<void> {
  await q.query('update upload set status = $2, klaar = $3 where id = $1', [id, status, at]);
}

export async function afwijzingen(q: Queryable, id: string): Promise<{ rij: number; problemen: InvalidParam[] }[]> {
  const { rows } = await q.query<{ rij: number; problemen: InvalidParam[] }>('select rij, problemen from upload_afwijzing where upload_id = $1 order by rij', [id]);
  return rows;
}

/** Uploads that were still being processed when the hub stopped: resumed at start. */
export async function unfinished(q: Queryable): Promise<Upload[]> {
  const { rows } = await q.query<Upload>(`${SELECT} where status = 'verwerken' order by ontvangen`);
  return rows;
}

export async function resetCounts(q: Queryable, id: string): Promise<void> {
  await q.query('delete from upload_afwijzing where upload_id = $1', [id]);
  await q.query('update upload set rijen = 0, verwerkt = 0, verouderd = 0, duplicaat = 0, afgewezen = 0 where id = $1', [id]);
}
