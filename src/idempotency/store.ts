import type { Queryable } from '../db/db.ts';

/** How long a key answers for its first request (the draft leaves it to the server; Stripe's is a day). */
export const VALID_HOURS = 24;

export interface KeptAnswer {
  requestHash: string;
  status: number;
  answer: unknown;
}

/** The first request's answer under this key, while the key is valid at `at`. */
export async function previous(q: Queryable, senderOin: string, key: string, at: Date): Promise<KeptAnswer | null> {
  const { rows } = await q.query<{ request_hash: string; status: number; answer: unknown }>(
    `select request_hash, status, answer from idempotency_key
      where sender_oin = $1 and key = $2 and created > $3::timestamptz - make_interval(hours => $4)`,
    [senderOin, key, at, VALID_HOURS]);
  const r = rows[0];
  return r ? { requestHash: r.request_hash, status: r.status, answer: r.answer } : null;
}

/**
 * Keeps the answer under the key, in the caller's transaction; an expired key is taken over. False when
 * a valid key is there already: another request with it committed first (or did so while this one
 * waited for its row), and the caller rolls back and answers as that one did.
 */
export async function keep(tx: Queryable, senderOin: string, key: string, kept: KeptAnswer, at: Date): Promise<boolean> {
  const { rows } = await tx.query(
    `insert into idempotency_key (sender_oin, key, request_hash, status, answer, created) values ($1, $2, $3, $4, $5::jsonb, $6)
     on conflict (sender_oin, key) do update
       set request_hash = excluded.request_hash, status = excluded.status, answer = excluded.answer, created = excluded.created
       where idempotency_key.created <= excluded.created - make_interval(hours => $7)
     returning 1`,
    [senderOin, key, kept.requestHash, kept.status, JSON.stringify(kept.answer), at, VALID_HOURS]);
  return rows.length === 1;
}

/** Removes expired keys (daily housekeeping): an answer may name a registration, so it is not kept longer than it serves. */
export async function removeExpired(q: Queryable, at: Date): Promise<number> {
  const { rowCount } = await q.query('delete from idempotency_key where created <= $1::timestamptz - make_interval(hours => $2)', [at, VALID_HOURS]);
  return rowCount;
}
