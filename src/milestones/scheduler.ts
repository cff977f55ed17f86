import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { analyseerWaarNodig } from '../db/analyse.ts';
import { runDueMilestones } from './runner.ts';
import { cycleOf } from '../calendar/cycle.ts';
import { bewaartermijnDagelijks } from '../centraal-aanmelden/bewaartermijn/service.ts';
import { removeExpired } from '../idempotency/store.ts';
import { purgeDelivered } from '../purge/service.ts';
import { dagelijks } from '../statistics/service.ts';

/** Every 15 s a process checks for due milestones: a milestone runs at most this long after its moment. */
const TICK_MS = 15_000;

/**
 * The background roles of a hub process: the distributor of the fact journal (src/distributor) and
 * the milestones, with catch-up at start.
 */
export function startScheduler(ctx: AppContext, log: FastifyBaseLogger) {
  ctx.distributor.start();
  let ticking: Promise<void> | null = null;
  const tick = () => {
    ticking ??= (async () => {
      try {
        const ran = await runDueMilestones(ctx);
        for (const r of ran) log.info({ cyclus: r.cyclus, mijlpaal: r.mijlpaal, uitkomst: r.uitkomst }, 'milestone done');
        const geanalyseerd = await analyseerWaarNodig(ctx.db);
        if (geanalyseerd.length) log.debug({ tabellen: geanalyseerd }, 'planner statistics refreshed (no autovacuum runs for these tables)');
        // Daily housekeeping: today's aggregates (spec §15), expired delivered payloads (spec §14) and
        // expired Idempotency-Keys (their answers name registrations).
        if (await dagelijks(ctx, cycleOf(ctx.clock.now()))) {
          const removed = await purgeDelivered(ctx);
          const keys = await removeExpired(ctx.db, ctx.clock.now());
          log.info({ removed, idempotencyKeys: keys }, 'daily aggregates frozen; delivered events and Idempotency-Keys past retention removed');
        }
        await bewaartermijnDagelijks(ctx); // Centraal Aanmelden's retention (spec §17), once a day across processes
      } catch (err) {
        log.error({ err }, 'milestone run failed; retrying on the next tick');
      } finally {
        ticking = null;
      }
    })();
    return ticking;
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  const started = tick();
  return {
    started,
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([ticking, ctx.distributor.stop()]);
    },
  };
}
