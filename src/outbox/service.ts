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
  const reads = events.filter((e) => typeof e.data.pgn === 'string');
  if (reads.length > 0) {
    await ctx.audit.record(reads.map((e) => ({
      actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'bericht-opgehaald', resource: `uitgaand-bericht/${e.eventId}`,
      pgn: e.data.pgn as string, doel: 'vva-levering', traceId, uitkomst: 'ok',
    })));
  }
  return { berichten: events.map((e) => toCloudEvent(e, ctx.config.hubOin)), volgende: String(events.at(-1)?.id ?? cursor) };
}
