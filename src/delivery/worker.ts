import type { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';
import { PgBoss } from 'pg-boss';
import { fromPglite } from 'pg-boss/dist/adapters/index.js';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../app/context.ts';
import type { Queryable } from '../db/db.ts';
import { toCloudEvent } from '../outbox/cloudevent.ts';
import { groupBy } from '../shared/collections.ts';
import { mapLimit } from '../shared/parallel.ts';
import * as outbox from '../outbox/store.ts';
import { nextDelayMs, parseRetryAfter } from './backoff.ts';
import { sign } from './signing.ts';
import * as store from './store.ts';

export const DRAIN_QUEUE = 'vva-aflevering';
export const TIMER_QUEUE = 'vva-aflevering-wekker';

/** A drain job starts no new round after this long and hands over to a fresh job. */
const DRAIN_BUDGET_MS = 5_000;
/**
 * An active job whose process died is retried after this long (pg-boss expiry): the longest a
 * recipient's deliveries stall after a kill -9. It must exceed the budget plus one round, whose
 * POSTs time out after 10 s: 5 s + 10 s < 20 s.
 */
const JOB_EXPIRY_SECONDS = 20;
/** Safety net: every second, recipients with due deliveries get a wake-up (covers wake-ups lost in a crash). */
const SWEEP_MS = 1_000;
const ROUND = 500;

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; fout: string; retryAfterMs: number | null; gone: boolean };

/**
 * Push delivery (spec §10) on pg-boss. Jobs are wake-ups per recipient (policy `stately`: one active
 * and one queued per recipient, across all hub processes); the order, attempts and next-attempt
 * times live in the `aflevering` table. A drain sends each pupil's events in order, one pupil's
 * failure holding back only that pupil, and records every attempt.
 */
export class DeliveryService {
  private boss!: PgBoss;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;

  constructor(private readonly ctx: AppContext, private readonly log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>) {}

  async start(): Promise<void> {
    const { db, config } = this.ctx;
    // pg-boss runs in the hub's own database: in PGlite through its adapter, on PostgreSQL with a small pool of its own.
    const pglite = (db as unknown as { pglite?: PGlite }).pglite;
    this.boss = new PgBoss(
      pglite
        ? { db: fromPglite(pglite as never), useListenNotify: true, superviseIntervalSeconds: 5, monitorIntervalSeconds: 5 }
        : { connectionString: (db as unknown as { connectionString: string }).connectionString, max: 4, useListenNotify: true, superviseIntervalSeconds: 5, monitorIntervalSeconds: 5 },
    );
    this.boss.on('error', (err) => this.log.error({ err }, 'pg-boss error'));
    await this.boss.start();
    await this.ensureQueue(DRAIN_QUEUE, { policy: 'stately', expireInSeconds: JOB_EXPIRY_SECONDS, retryLimit: 1_000_000, retryDelay: 1, notify: true });
    await this.ensureQueue(TIMER_QUEUE, { policy: 'standard', expireInSeconds: JOB_EXPIRY_SECONDS, retryLimit: 10, notify: true });
    if (config.delivery.workers > 0) {
      await this.boss.work<{ oin: string }>(DRAIN_QUEUE, { batchSize: 16, localConcurrency: 4, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        await this.drainAlle([...new Set(jobs.map((j) => j.data.oin))]);
      });
      await this.boss.work<{ oin: string }>(TIMER_QUEUE, { batchSize: 20, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        await this.wake([...new Set(jobs.map((j) => j.data.oin))]);
      });
      this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
      this.sweepTimer.unref();
    }
    this.ctx.onUitgaand = () => void this.sweep();
  }

  private async ensureQueue(name: string, options: Record<string, unknown>) {
    if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, options as never);
  }

  /** Graceful stop: running drains finish their current round (or are released to another process). */
  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.ctx.onUitgaand = () => undefined;
    await this.sweeping;
    await this.boss?.stop({ graceful: true, timeout: 15_000 });
  }

  /**
   * Wakes the workers of every recipient with deliveries due now. A request that comes in while a
   * sweep runs gets a sweep of its own right after: the running one may have read before its commit.
   */
  sweep(): Promise<void> {
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      try {
        do {
          this.sweepAgain = false;
          await this.wake(await store.recipientsDue(this.ctx.db, new Date()));
        } while (this.sweepAgain);
      } catch (err) {
        this.log.error({ err }, 'delivery sweep failed');
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  async wake(oins: string[]): Promise<void> {
    // One statement for all; `stately` keeps at most one queued job per recipient (a conflict is skipped).
    if (oins.length) await this.boss.insert(DRAIN_QUEUE, oins.map((oin) => ({ data: { oin }, singletonKey: oin })));
  }

  /**
   * Delivers the due events of several recipients (a batch of wake-up jobs): per round, the first
   * pending event of every pupil of each; reads and bookkeeping are shared by the whole batch.
   */
  async drainAlle(oins: string[]): Promise<void> {
    const started = Date.now();
    let open = oins;
    while (open.length > 0) {
      const webhooks = await store.findWebhooks(this.ctx.db, open);
      open = open.filter((oin) => webhooks.get(oin)?.actief);
      if (open.length === 0) return;
      // Retries run on wall-clock time, not the hub's business clock (which tests and the simulator move).
      const now = new Date();
      const pendingPer = groupBy(await store.pendingVoor(this.ctx.db, open, ROUND), (a) => a.ontvangerOin);
      const ronde: { oin: string; secrets: string[]; url: string; due: store.Aflevering[] }[] = [];
      for (const oin of open) {
        const pending = pendingPer.get(oin) ?? [];
        const heads = new Set<string>();
        const due: store.Aflevering[] = [];
        let earliest: Date | null = null;
        for (const a of pending) {
          const key = a.volgordeSleutel ?? a.eventId;
          if (heads.has(key)) continue; // a later event of a pupil waits for the earlier one
          heads.add(key);
          if (a.volgendePoging && a.volgendePoging > now) {
            if (!earliest || a.volgendePoging < earliest) earliest = a.volgendePoging;
          } else {
            due.push(a);
          }
        }
        if (due.length === 0) {
          if (earliest) await this.boss.send(TIMER_QUEUE, { oin }, { startAfter: earliest });
          continue;
        }
        const w = webhooks.get(oin)!;
        ronde.push({ oin, url: w.url, secrets: w.geheimen.map((g) => this.ctx.secrets.open(g)), due });
      }
      if (ronde.length === 0) return;
      const items = ronde.flatMap((r) => r.due.map((a) => ({ r, a })));
      const outcomes = await mapLimit(items, this.ctx.config.delivery.workers, ({ r, a }) => this.post(r.url, r.secrets, a));
      const gone = await this.record(items.map(({ a }, i) => ({ a, o: outcomes[i]! })));
      // Look again at once: events that came in during the round go out without waiting for a new job.
      open = ronde.filter((r) => !gone.has(r.oin)).map((r) => r.oin);
      if (open.length > 0 && Date.now() - started > DRAIN_BUDGET_MS) {
        await this.wake(open); // continue in fresh jobs
        return;
      }
    }
  }

  private async post(url: string, secrets: string[], a: store.Aflevering): Promise<Outcome & { ms: number }> {
    const body = JSON.stringify(toCloudEvent({ id: a.uitgaandId, eventId: a.eventId, ontvangerOin: a.ontvangerOin, cyclus: 0, type: a.type, volgordeSleutel: a.volgordeSleutel, tijd: a.tijd, data: a.data }, this.ctx.config.hubOin));
    const timestamp = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(this.ctx.config.delivery.timeoutMs),
        headers: {
          'content-type': 'application/cloudevents+json', 'webhook-id': a.eventId, 'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(secrets, a.eventId, timestamp, body),
        },
      });
      await res.arrayBuffer().catch(() => undefined);
      const ms = Math.round(performance.now() - t0);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, ms };
      const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), new Date()) : null;
      return { ok: false, status: res.status, fout: `HTTP ${res.status}`, retryAfterMs, gone: res.status === 410, ms };
    } catch (err) {
      const e = err as Error;
      return { ok: false, status: null, fout: e.name === 'TimeoutError' ? 'timeout' : `${e.name}: ${(e as { cause?: { code?: string } }).cause?.code ?? e.message}`, retryAfterMs: null, gone: false, ms: Math.round(performance.now() - t0) };
    }
  }

  /** Records a round's attempts; returns the recipients whose endpoint answered 410 Gone (now disabled). */
  private async record(pogingen: { a: store.Aflevering; o: Outcome & { ms: number } }[]): Promise<Set<string>> {
    const now = new Date();
    const { metrics, config } = this.ctx;
    await store.recordAttempts(this.ctx.db, pogingen.map(({ a, o }) => ({ eventId: a.eventId, tijdstip: now, httpStatus: o.status, duurMs: o.ms, fout: o.ok ? null : o.fout })));
    const delivered = pogingen.filter(({ o }) => o.ok).map(({ a }) => a);
    await store.markDelivered(this.ctx.db, delivered.map((a) => a.eventId), now);
    for (const a of delivered) metrics.deliveryLatency.observe((now.getTime() - a.aangemaakt.getTime()) / 1000);
    metrics.attempts.inc({ uitkomst: 'ok' }, delivered.length);
    const gone = new Set<string>();
    for (const { a, o } of pogingen) {
      if (o.ok) continue;
      metrics.attempts.inc({ uitkomst: o.gone ? '410' : o.status === 429 ? '429' : o.status === null ? 'timeout' : 'fout' });
      if (o.gone) {
        gone.add(a.ontvangerOin);
        continue;
      }
      const first = a.eersteP ?? now;
      const delay = nextDelayMs(a.pogingen + 1, { baseMs: config.delivery.baseDelayMs, maxMs: config.delivery.maxDelayMs, retryAfterMs: o.retryAfterMs });
      const next = new Date(now.getTime() + delay);
      const giveUp = next.getTime() - first.getTime() > config.delivery.giveUpAfterMs;
      if (!giveUp) {
        await store.markFailed(this.ctx.db, a.eventId, now, next, o.fout);
        continue;
      }
      // The dead letter and beheer's alert commit together: there is never one without the other.
      await this.ctx.db.transaction(async (tx) => {
        await store.markFailed(tx, a.eventId, now, null, o.fout);
        await this.alertBeheer(tx, 'nl.vva.beheer.dode-letter.v1', { eventId: a.eventId, ontvangerOin: a.ontvangerOin, pogingen: a.pogingen + 1, laatsteFout: o.fout });
      });
      this.ctx.metrics.deadLetters.inc();
    }
    for (const oin of gone) {
      await this.ctx.db.transaction(async (tx) => {
        await store.disableWebhook(tx, oin, 'eindpunt antwoordde 410 Gone', now);
        await this.alertBeheer(tx, 'nl.vva.beheer.webhook-uitgeschakeld.v1', { ontvangerOin: oin, reden: '410 Gone' });
      });
      this.log.warn({ ontvanger: oin }, 'webhook disabled after 410 Gone');
    }
    return gone;
  }

  /** Beheer learns of it in its own inbox (no personal data: only ids), in the caller's transaction. */
  private async alertBeheer(tx: Queryable, type: string, data: Record<string, unknown>) {
    const beheer = await outbox.oinsOfSoort(tx, 'beheer');
    const now = this.ctx.clock.now();
    await outbox.insertEvents(tx, beheer.map((oin) => ({ eventId: uuidv7(), ontvangerOin: oin, cyclus: 0, type, volgordeSleutel: null, tijd: now, data })));
  }
}
