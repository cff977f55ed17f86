import type { Queryable } from '../db/db.ts';

/** A token as beheer sees it: never the token or its hash. */
export interface TokenInfo {
  id: string;
  oin: string;
  label: string;
  gebruiker: string | null;
  uitgegevenDoor: string | null;
  aangemaakt: Date;
  verloopt: Date | null;
  ingetrokken: Date | null;
  ingetrokkenDoor: string | null;
}

interface TokenRow { id: string; oin: string; label: string; gebruiker: string | null; uitgegeven_door: string | null; aangemaakt: Date; verloopt: Date | null; ingetrokken: Date | null; ingetrokken_door: string | null }
const COLUMNS = 'id, oin, label, gebruiker, uitgegeven_door, aangemaakt, verloopt, ingetrokken, ingetrokken_door';
const fromRow = (r: TokenRow): TokenInfo => ({
  id: r.id, oin: r.oin, label: r.label, gebruiker: r.gebruiker, uitgegevenDoor: r.uitgegeven_door, aangemaakt: r.aangemaakt,
  verloopt: r.verloopt, ingetrokken: r.ingetrokken, ingetrokkenDoor: r.ingetrokken_door,
});

export async function listTokens(q: Queryable, oin: string): Promise<TokenInfo[]> {
  const { rows } = await q.query<TokenRow>(`select ${COLUMNS} from api_token where oin = $1 order by aangemaakt desc, id`, [oin]);
  return rows.map(fromRow);
}

export async function findToken(q: Queryable, oin: string, id: string): Promise<TokenInfo | null> {
  const { rows } = await q.query<TokenRow>(`select ${COLUMNS} from api_token where oin = $1 and id = $2`, [oin, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Whatever its state: the demo uses it to recognise a token it derived before. */
export async function findTokenByHash(q: Queryable, hash: string): Promise<TokenInfo | null> {
  const { rows } = await q.query<TokenRow>(`select ${COLUMNS} from api_token where token_hash = $1`, [hash]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Revokes one token (a second revocation changes nothing); the token as it is now. */
export async function revokeToken(q: Queryable, oin: string, id: string, at: Date, door: string | null): Promise<TokenInfo | null> {
  await q.query('update api_token set ingetrokken = $3, ingetrokken_door = $4 where oin = $1 and id = $2 and ingetrokken is null', [oin, id, at, door]);
  return findToken(q, oin, id);
}

export async function setExpiry(q: Queryable, oin: string, id: string, verloopt: Date | null): Promise<TokenInfo | null> {
  await q.query('update api_token set verloopt = $3 where oin = $1 and id = $2', [oin, id, verloopt]);
  return findToken(q, oin, id);
}

/** `actief`, or why the token no longer authenticates. */
export function tokenStatus(t: TokenInfo, now: Date): 'actief' | 'verlopen' | 'ingetrokken' {
  if (t.ingetrokken) return 'ingetrokken';
  return t.verloopt && t.verloopt <= now ? 'verlopen' : 'actief';
}
