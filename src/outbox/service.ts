import type { AppContext } from '../app/context.ts';
import type { Actor } from '../identity/service.ts';
import { VvaError } from '../shared/errors.ts';
import { toCloudEvent, type CloudEvent } from './cloudevent.ts';
import * as store from './store.ts';

/**
 * The pull inbox (spec §10): a party's own events after the cursor, in a stable order. Passing a
 * cursor acknowledges everything up to it. Every event that holds a PGN is an audited read.
 */
export async function pullInbox(ctx: AppContext, actor: Actor, na: string | undefined, limit: number, traceId: string): Promise<{ berichten: CloudEvent[]; volgende: string }> {
  const cursor = na === undefined ? await store.acknowledged(ctx.db, actor.oin) : Number(na);
  if (!Number.isSafeInteger(cursor) || cursor < 0) throw VvaError.invalid([{ name: 'na', reason: 'onbekende cursor' }]);
  if (na !== undefined) await store.acknowledge(ctx.db, actor.oin, cursor, ctx.clock.now());
  const events = await store.readInbox(ctx.db, actor.oin, cursor, limit);
  const reads = events.flatMap((e) => pgnsIn(e.data).map((pgn) => ({
    actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'bericht-opgehaald', resource: `uitgaand-bericht/${e.eventId}`,
    pgn, doel: 'vva-levering', traceId, uitkomst: 'ok',
  })));
  if (reads.length > 0) await ctx.audit.record(reads);
  return { berichten: events.map((e) => toCloudEvent(e, ctx.config)), volgende: String(events.at(-1)?.id ?? cursor) };
}

/** Every PGN an event carries (top-level, or in lists such as the 1 April list and the jaaroverzicht). */
export function pgnsIn(data: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'pgn' && typeof x === 'string') found.add(x);
        else walk(x);
      }
    }
  };
  walk(data);
  return [...found];
}
