import type { AppContext } from '../app/context.ts';
import type { Queryable } from '../db/db.ts';
import type { Actor } from '../identity/service.ts';
import { VvaError } from '../shared/errors.ts';
import * as store from './store.ts';

/**
 * The Idempotency-Key request header (draft-ietf-httpapi-idempotency-key-header): a Structured Field
 * string, so quoted (`"8e03978e-…"`); bare, as many clients send it, is taken as well.
 */
export const KEY_HEADER = 'idempotency-key';
export const KEY_PATTERN = /^"?[\x20-\x21\x23-\x5b\x5d-\x7e]{1,255}"?$/;

/** A request under a key: who sent it, the key, and a keyed hash of what it asked. */
export interface IdempotencyKey {
  senderOin: string;
  key: string;
  requestHash: string;
}

/** The key of a request, or null without one (the request is then handled as always). */
export function keyOf(ctx: AppContext, actor: Actor, header: string | undefined, request: unknown): IdempotencyKey | null {
  if (header === undefined) return null;
  return { senderOin: actor.oin, key: header.replace(/^"(.*)"$/, '$1'), requestHash: ctx.audit.digest(JSON.stringify(request)) };
}

/**
 * The first request's answer when this key was used before; refused (422, as the draft asks) when
 * the key came with another request. Null: not used yet, the request goes on.
 */
export async function previousAnswer<T>(ctx: AppContext, k: IdempotencyKey | null): Promise<T | null> {
  if (!k) return null;
  const kept = await store.previous(ctx.db, k.senderOin, k.key, ctx.clock.now());
  if (!kept) return null;
  if (kept.requestHash !== k.requestHash) {
    throw new VvaError(422, 'idempotency-key-hergebruikt', 'Idempotency-Key hergebruikt',
      'Deze Idempotency-Key hoort bij een ander verzoek; gebruik voor een nieuw verzoek een nieuwe sleutel.');
  }
  return kept.answer as T;
}

/** Thrown inside the transaction when another request with the key committed first: it rolls back. */
export class AlreadyAnswered extends Error {}

/** Keeps the answer under the key, in the transaction of the change it answers. */
export async function keepAnswer(ctx: AppContext, tx: Queryable, k: IdempotencyKey | null, status: number, answer: unknown): Promise<void> {
  if (k && !(await store.keep(tx, k.senderOin, k.key, { requestHash: k.requestHash, status, answer }, ctx.clock.now()))) throw new AlreadyAnswered();
}

/**
 * After a change failed on a conflict (a unique index, or the key itself): when a request with the
 * same key committed meanwhile, its answer; else null and the caller reports its own error.
 */
export async function afterConflict<T>(ctx: AppContext, k: IdempotencyKey | null, err: unknown): Promise<T | null> {
  if (!k || !(err instanceof AlreadyAnswered || (err as { code?: string }).code === '23505')) return null;
  return previousAnswer<T>(ctx, k);
}
