import { uuidv7 } from '../shared/uuid.ts';
import type { Queryable } from '../db/db.ts';
import { mandatarissen } from '../identity/store.ts';
import { amsterdamDate } from '../shared/clock.ts';
import { groupBy } from '../shared/collections.ts';
import type { NieuwEvent } from './store.ts';

/** An event for a supplier: the copy of `bron`, an event addressed to one of its mandating schools. */
export interface LeveranciersKopie<E extends NieuwEvent = NieuwEvent> {
  bron: E;
  kopie: E;
}

/**
 * Spec §10: a supplier (LAS/SIS vendor) with a valid mandate of a school receives every event addressed
 * to that school in its own inbox and webhook. Each copy is an event of its own — its own id, and
 * so its own place in the supplier's sequence, cursor and push deliveries — with the school's data
 * unchanged: every event for a school names it (`brinVo` / `brinMbo`), so one credential can serve
 * hundreds of schools. The mandate counts on the day the hub produces the event (`op`): once it
 * has ended, nothing more of that school reaches the supplier, whenever the fact was recorded.
 * One statement for the whole batch.
 */
export async function voorLeveranciers<E extends NieuwEvent>(q: Queryable, events: E[], op: Date): Promise<LeveranciersKopie<E>[]> {
  if (events.length === 0) return [];
  const mandaten = groupBy(await mandatarissen(q, [...new Set(events.map((e) => e.ontvangerOin))], amsterdamDate(op)), (m) => m.schoolOin);
  if (mandaten.size === 0) return [];
  return events.flatMap((bron) => (mandaten.get(bron.ontvangerOin) ?? []).map((m) => ({ bron, kopie: { ...bron, eventId: uuidv7(), ontvangerOin: m.leverancierOin } })));
}
