import type { AppContext } from '../app/context.ts';
import { verlopenMijlpalen, type Mijlpaal } from '../calendar/calendar.ts';
import { cycleOf } from '../calendar/cycle.ts';
import * as store from '../calendar/store.ts';
import * as leerlingen from '../leerling/store.ts';
import { JOBS } from './jobs.ts';

let running: Promise<unknown> = Promise.resolve();

/**
 * Runs every milestone that is due and not yet done (spec §3): at start-up (catch-up after
 * downtime), on a timer, and when the manual clock moves. Each runs once per cycle; the parts it is
 * made of are claimed in the database, so several hub processes can call this at the same time.
 */
export function runDueMilestones(ctx: AppContext): Promise<{ cyclus: number; mijlpaal: Mijlpaal; uitkomst: unknown }[]> {
  // One run at a time within a process; across processes the claimed parts keep it exactly-once.
  const next = running.then(() => runOnce(ctx));
  running = next.catch(() => undefined);
  return next;
}

async function runOnce(ctx: AppContext) {
  const now = ctx.clock.now();
  const huidig = cycleOf(now);
  const ran: { cyclus: number; mijlpaal: Mijlpaal; uitkomst: unknown }[] = [];
  // The previous cycle's jaaroverzicht falls on 1 October, the first day of the next cycle.
  for (const cyclus of [huidig - 1, huidig]) {
    if (cyclus < huidig && !(await leerlingen.heeftGegevens(ctx.db, cyclus))) continue;
    const kalender = await ctx.calendar.kalender(cyclus);
    const done = await store.voltooid(ctx.db, cyclus);
    for (const mijlpaal of verlopenMijlpalen(kalender, now)) {
      if (done.has(mijlpaal)) continue;
      await store.markGestart(ctx.db, cyclus, mijlpaal, ctx.clock.now());
      const uitkomst = await JOBS[mijlpaal](ctx, cyclus);
      await store.markVoltooid(ctx.db, cyclus, mijlpaal, ctx.clock.now(), uitkomst);
      ran.push({ cyclus, mijlpaal, uitkomst });
      ctx.metrics.mijlpalen.inc({ mijlpaal });
      ctx.onUitgaand();
    }
  }
  return ran;
}
