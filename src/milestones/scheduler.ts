import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { analyseerWaarNodig } from '../db/analyse.ts';
import { verwerkSignaalInvoer } from '../signals/engine.ts';
import { runDueMilestones } from './runner.ts';
import { cycleOf } from '../calendar/cycle.ts';
import { purgeDelivered } from '../purge/service.ts';
import { dagelijks } from '../statistics/service.ts';

/** Every 15 s a process checks for due milestones: a milestone runs at most this long after its moment. */
const TICK_MS = 15_000;

/**
 * The background roles of a hub process: milestones (with catch-up at start) and the real-time
 * signal engine, which runs right after every intake that recorded facts and on every tick.
 */
export function startScheduler(ctx: AppContext, log: FastifyBaseLogger) {
  let engine: Promise<void> | null = null;
  let again = false;
  const runEngine = (): Promise<void> => {
    if (engine) {
      again = true;
      return engine;
    }
    engine = (async () => {
      try {
        do {
          again = false;
          await verwerkSignaalInvoer(ctx);
        } while (again);
      } catch (err) {
        log.error({ err }, 'signal engine failed; retrying on the next tick');
      } finally {
        engine = null;
      }
    })();
    return engine;
  };
  ctx.onSignaalInvoer = () => void runEngine();
  let ticking: Promise<void> | null = null;
  const tick = () => {
    ticking ??= (async () => {
      try {
        const ran = await runDueMilestones(ctx);
        for (const r of ran) log.info({ cyclus: r.cyclus, mijlpaal: r.mijlpaal, uitkomst: r.uitkomst }, 'milestone done');
        await runEngine();
        const geanalyseerd = await analyseerWaarNodig(ctx.db);
        if (geanalyseerd.length) log.debug({ tabellen: geanalyseerd }, 'planner statistics refreshed (embedded engine)');
        // Daily housekeeping: today's aggregates (spec §15) and expired delivered payloads (spec §14).
        if (await dagelijks(ctx, cycleOf(ctx.clock.now()))) {
          const removed = await purgeDelivered(ctx);
          log.info({ removed }, 'daily aggregates frozen; delivered events past retention removed');
        }
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
      ctx.onSignaalInvoer = () => undefined;
      await Promise.allSettled([ticking, engine]);
    },
  };
}
