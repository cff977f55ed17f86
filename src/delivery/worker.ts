import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Agent, request } from 'undici';
import { uuidv7 } from '../shared/uuid.ts';
import type { AppContext } from '../app/context.ts';
import type { Queryable } from '../db/db.ts';
import { toCloudEvent } from '../outbox/cloudevent.ts';
import type { EventData } from '../outbox/events.ts';
import { groupBy } from '../shared/collections.ts';
import { mapLimit } from '../shared/parallel.ts';
import * as outbox from '../outbox/store.ts';
import { nextDelayMs, parseRetryAfter } from './backoff.ts';
import { sign } from './signing.ts';
import { webhookAgent } from './webhook-agent.ts';
import { USER_AGENT } from '../shared/version.ts';
import * as store from './store.ts';

/** A drain starts no new round after this long and gives the other recipients a turn. */
const DRAIN_BUDGET_MS = 5_000;
/**
 * A recipient's lease: renewed at every round, so it must outlast one round (POSTs time out after
 * 10 s). After a kill -9 it is the longest a recipient waits for another process to take over.
 */
const LEASE_SECONDS = 15;
/** Safety net: every second, recipients with due deliveries are woken (other processes' events, crash recovery). */
const SWEEP_MS = 1_000;
const ROUND = 500;
/** Recipients drained together (one read and one write per round for all of them), and such groups at once. */
const GROUP = 64;
const GROUPS = 8;
/**
 * A round waits for its slowest POST, so one endpoint that answers slowly (or times out) would hold
 * back every other recipient of its group. An attempt this slow moves its recipient into a group of
 * slow ones, where it stays for SLOW_MEMORY_MS after its last slow answer.
 */
const SLOW_MS = 1_000;
const SLOW_MEMORY_MS = 60_000;

/** undici's errors of an endpoint that did not answer in time (connecting, the headers, the body). */
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; fout: string; retryAfterMs: number | null; gone: boolean };

/**
 * Push delivery (spec §10). The distributor hands the recipients of new deliveries straight to this
 * process's workers; the `aflevering` table is the truth for the order, attempts, next-attempt times
 * and dead letters, and a lease per recipient makes one process at a time drain it. A drain sends each
 * pupil's events in order, one pupil's failure holding back only that pupil, and records every attempt
 * when it starts and when it ends.
 */
export class DeliveryService {
  private readonly proces = randomUUID();
  /** Woken and waiting for a turn. */
  private readonly wanted = new Set<string>();
  /** Being drained by this process. */
  private readonly active = new Set<string>();
  private readonly groups = new Set<Promise<void>>();
  /** Recipients whose last slow answer came at this time (Date.now()); they are grouped apart. */
  private readonly slowAt = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private stopped = true;
  /** Keep-alive connections to the receivers, shared by all drains of this process. */
  private readonly agent: Agent;

  constructor(private readonly ctx: AppContext, private readonly log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>) {
    this.agent = webhookAgent(ctx, { connections: 32, keepAliveTimeout: 30_000 });
  }

  async start(): Promise<void> {
    if (this.ctx.config.delivery.workers <= 0) return;
    this.stopped = false;
    if (this.ctx.db.engine === 'pglite') await store.releaseAllLeases(this.ctx.db);
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
    // In-process hand-over: who just got deliveries is woken at once; without a list, a sweep looks.
    this.ctx.onUitgaand = (ontvangers) => (ontvangers ? this.wake(ontvangers) : void this.sweep());
    void this.sweep();
  }

  /** Graceful stop: running drains finish their current round; their leases are released. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.ctx.onUitgaand = () => undefined;
    await this.sweeping;
    await Promise.allSettled([...this.groups]);
    await this.agent.close();
  }

  /** Wakes the workers of every recipient with deliveries due now (also those of other processes' events). */
  sweep(): Promise<void> {
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      try {
        do {
          this.sweepAgain = false;
          this.wake(await store.recipientsDue(this.ctx.db, new Date()));
        } while (this.sweepAgain && !this.stopped);
      } catch (err) {
        this.log.error({ err }, 'delivery sweep failed');
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  /** Gives recipients a turn: now if a group is free, else when one finishes. */
  wake(oins: string[]): void {
    if (this.stopped) return;
    for (const oin of oins) this.wanted.add(oin);
    this.pump();
  }

  private pump(): void {
    const now = Date.now();
    for (const [oin, at] of this.slowAt) if (now - at > SLOW_MEMORY_MS) this.slowAt.delete(oin);
    while (!this.stopped && this.groups.size < GROUPS) {
      const waiting = [...this.wanted].filter((oin) => !this.active.has(oin));
      const fast = waiting.filter((oin) => !this.slowAt.has(oin));
      const group = (fast.length ? fast : waiting).slice(0, GROUP);
      if (group.length === 0) return;
      this.startGroup(group, false);
    }
  }

  /** Drains `oins` as one group; `leased`: their leases are already this process's (a group split off). */
  private startGroup(oins: string[], leased: boolean): void {
    for (const oin of oins) {
      this.wanted.delete(oin);
      this.active.add(oin);
    }
    const apart = new Set<string>();
    const run: Promise<void> = this.runGroup(oins, leased, apart)
      .catch((err) => this.log.error({ err }, 'delivery drain failed; the sweep retries'))
      .finally(() => {
        // Those split off are the other group's now: it releases them.
        for (const oin of oins) if (!apart.has(oin)) this.active.delete(oin);
        this.groups.delete(run);
        this.pump();
      });
    this.groups.add(run);
  }

  private async runGroup(oins: string[], leased: boolean, apart: Set<string>): Promise<void> {
    const mine = new Set(leased ? oins : []);
    try {
      await this.drainAlle(oins, apart, mine);
    } finally {
      await store.releaseLeases(this.ctx.db, [...mine].filter((oin) => !apart.has(oin)), this.proces).catch(() => undefined);
    }
  }

  /** Wakes a recipient again at the time of its earliest retry (the sweep would too, within a second). */
  private later(oin: string, at: Date): void {
    const delay = Math.max(0, at.getTime() - Date.now());
    if (this.stopped || delay > 3_600_000 || this.timers.has(oin)) return;
    const t = setTimeout(() => {
      this.timers.delete(oin);
      this.wake([oin]);
    }, delay);
    t.unref();
    this.timers.set(oin, t);
  }

  /**
   * Delivers the due events of several recipients: per round, the first pending event of every
   * pupil of each; reads and bookkeeping are shared by the whole group.
   */
  async drainAlle(oins: string[], apart: Set<string> = new Set(), mine: Set<string> = new Set()): Promise<void> {
    const started = Date.now();
    let open = oins;
    for (let round = 0; open.length > 0 && !this.stopped; round++) {
      if (Date.now() - started > DRAIN_BUDGET_MS) {
        this.wake(open); // continue after the others had a turn
        return;
      }
      // Taken in the first round and renewed in every later one (it must outlast one round), with the
      // webhooks; `mine` collects every lease taken, for runGroup to release.
      const webhooks = await store.claimLeases(this.ctx.db, open, this.proces, LEASE_SECONDS);
      for (const oin of webhooks.keys()) mine.add(oin);
      open = open.filter((oin) => webhooks.get(oin)?.actief);
      if (open.length === 0) return;
      // Retries run on wall-clock time, not the hub's business clock (which tests and the simulator move).
      const now = new Date();
      // A pupil's later event waits for its earlier one; the due ones' attempts are recorded as started.
      const { due, later, meer } = await store.startRound(this.ctx.db, open, ROUND, now);
      const duePer = groupBy(due, (a) => a.ontvangerOin);
      const ronde: { oin: string; secrets: string[]; url: string; due: store.AfleveringInRonde[] }[] = [];
      for (const oin of open) {
        const hier = duePer.get(oin);
        if (!hier) {
          const at = later.get(oin);
          if (at) this.later(oin, at);
          continue;
        }
        const w = webhooks.get(oin)!;
        ronde.push({ oin, url: w.url, secrets: w.geheimen.map((g) => this.ctx.secrets.open(g)), due: hier });
      }
      if (ronde.length === 0) return;
      const items = ronde.flatMap((r) => r.due.map((a) => ({ r, a })));
      const outcomes = await mapLimit(items, this.ctx.config.delivery.workers, ({ r, a }) => this.post(r.url, r.secrets, a));
      const gone = await this.record(items.map(({ a }, i) => ({ a, o: outcomes[i]!, id: a.pogingId })));
      // Look again at once where the round left events or new ones came in meanwhile (a wake-up during
      // the round is taken here, not by a drain after this one); the others are done.
      open = ronde.filter((r) => !gone.has(r.oin) && (meer.has(r.oin) || this.wanted.has(r.oin))).map((r) => r.oin);
      for (const oin of open) this.wanted.delete(oin);
      const slow = new Set(items.filter((_, i) => outcomes[i]!.ms >= SLOW_MS).map(({ a }) => a.ontvangerOin));
      for (const oin of slow) this.slowAt.set(oin, Date.now());
      const slowOpen = open.filter((oin) => slow.has(oin));
      if (slowOpen.length > 0 && slowOpen.length < open.length) {
        // The slow ones go on in a group of their own, with their leases; the rest no longer wait for them.
        open = open.filter((oin) => !slow.has(oin));
        for (const oin of slowOpen) apart.add(oin);
        this.startGroup(slowOpen, true);
      }
    }
  }

  private async post(url: string, secrets: string[], a: store.Aflevering): Promise<Outcome & { ms: number }> {
    const body = JSON.stringify(toCloudEvent({ id: a.uitgaandId, eventId: a.eventId, ontvangerOin: a.ontvangerOin, cyclus: 0, type: a.type, volgordeSleutel: a.volgordeSleutel, tijd: a.tijd, data: a.data }, this.ctx.config));
    const timestamp = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    try {
      // undici's request, not fetch: a quarter of the CPU per POST (bench/receiver-rate.ts); redirects are not followed.
      // undici's own timeouts instead of an AbortSignal.timeout per POST: the signal, its timer and its
      // DOMException were 4 % of the hub's thread in B2 at 500 msg/s (CPU profile).
      const timeout = this.ctx.config.delivery.timeoutMs;
      const res = await request(url, {
        method: 'POST', body, dispatcher: this.agent, headersTimeout: timeout, bodyTimeout: timeout,
        headers: {
          'content-type': 'application/cloudevents+json', 'user-agent': USER_AGENT, 'webhook-id': a.eventId, 'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(secrets, a.eventId, timestamp, body),
        },
      });
      await res.body.dump().catch(() => undefined);
      const status = res.statusCode;
      const ms = Math.round(performance.now() - t0);
      if (status >= 200 && status < 300) return { ok: true, status, ms };
      const header = res.headers['retry-after'];
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter((Array.isArray(header) ? header[0] : header) ?? null, new Date()) : null;
      return { ok: false, status, fout: `HTTP ${status}`, retryAfterMs, gone: status === 410, ms };
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      return { ok: false, status: null, fout: TIMEOUTS.has(e.code ?? '') ? 'timeout' : `${e.name}: ${e.code ?? e.cause?.code ?? e.message}`, retryAfterMs: null, gone: false, ms: Math.round(performance.now() - t0) };
    }
  }

  /** Records a round's attempts; returns the recipients whose endpoint answered 410 Gone (now disabled). */
  private async record(pogingen: { a: store.Aflevering; o: Outcome & { ms: number }; id: number }[]): Promise<Set<string>> {
    const now = new Date();
    const { metrics, config } = this.ctx;
    const delivered = pogingen.filter(({ o }) => o.ok).map(({ a }) => a);
    await store.completeAttempts(this.ctx.db, pogingen.map(({ o, id }) => ({ id, httpStatus: o.status, duurMs: o.ms, fout: o.ok ? null : o.fout })), delivered.map((a) => a.eventId), now);
    for (const a of delivered) metrics.deliveryLatency.observe((now.getTime() - a.aangemaakt.getTime()) / 1000);
    for (const { o } of pogingen) metrics.postDuration.observe(o.ms / 1000);
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
  private async alertBeheer<T extends 'nl.vva.beheer.dode-letter.v1' | 'nl.vva.beheer.webhook-uitgeschakeld.v1'>(tx: Queryable, type: T, data: EventData<T>) {
    const beheer = await outbox.oinsOfSoort(tx, 'beheer');
    const now = this.ctx.clock.now();
    await outbox.insertEvents(tx, beheer.map((oin) => outbox.nieuwEvent({ eventId: uuidv7(), ontvangerOin: oin, cyclus: 0, type, volgordeSleutel: null, tijd: now, data })), now);
  }
}
