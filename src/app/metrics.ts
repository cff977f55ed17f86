import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/db.ts';
import { backlog, pullAchterstand } from '../delivery/store.ts';
import { lastCheckpoint, readHead } from '../audit/store.ts';
import { achterstand, oudsteOnverdeeld } from '../journal/store.ts';
import type { Clock } from '../shared/clock.ts';

/** The hub's Prometheus metrics: one registry per context, so test hubs do not share counters. */
export interface HubMetrics {
  registry: Registry;
  attempts: Counter<'uitkomst'>;
  deliveryLatency: Histogram;
  /** The stages of a message's way (the data path), each timed where it runs: intake, distribution, delivery. */
  intakeDuration: Histogram<'berichttype'>;
  distributorPass: Histogram;
  postDuration: Histogram;
  deadLetters: Counter;
  distributed: Counter;
  /** Incoming messages after their transaction committed, by message type and result (VERWERKT, AFGEWEZEN, …). */
  intake: Counter<'berichttype' | 'resultaat'>;
  /** Signals to gemeenten made (committed), by signal type. */
  signalen: Counter<'type'>;
  /** Milestones of the calendar run to completion. */
  mijlpalen: Counter<'mijlpaal'>;
  /** CSV uploads by outcome (ontvangen, duplicaat, geweigerd), and their rows by result once processed. */
  uploads: Counter<'uitkomst'>;
  uploadRijen: Counter<'resultaat'>;
}

/**
 * Names in Prometheus base units (`_seconds`, `_total`); labels are bounded sets (types, outcomes,
 * kinds of party), never a PGN. Gauges read the database when scraped, so every process reports the
 * shared state; counters count what this process did.
 */
export function createMetrics(db: Db, clock?: Clock): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vva_' });
  const attempts = new Counter({ name: 'vva_aflevering_pogingen_total', help: 'Webhook delivery attempts by outcome (ok, fout, 429, 410, timeout)', labelNames: ['uitkomst'], registers: [registry] });
  const deliveryLatency = new Histogram({
    name: 'vva_aflevering_latentie_seconds', help: 'Time from event creation to successful delivery',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600], registers: [registry],
  });
  // The stages of the data path: what a status's way to its webhook is made of (bench/b2.ts reads them).
  const STAGE_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const intakeDuration = new Histogram({
    name: 'vva_intake_transactie_seconds', help: 'Time of an incoming batch\'s transaction (locks, reads, writes, commit), by message type',
    labelNames: ['berichttype'], buckets: STAGE_BUCKETS, registers: [registry],
  });
  const distributorPass = new Histogram({
    name: 'vva_distributie_ronde_seconds', help: 'Time of a distributor pass with journal rows, from its journal read to its commit', buckets: STAGE_BUCKETS, registers: [registry],
  });
  const postDuration = new Histogram({
    name: 'vva_aflevering_duur_seconds', help: 'Time of one webhook POST, sent to answered (every attempt, whatever its outcome)', buckets: STAGE_BUCKETS, registers: [registry],
  });
  const deadLetters = new Counter({ name: 'vva_aflevering_dode_letters_total', help: 'Deliveries given up after the last attempt', registers: [registry] });
  const distributed = new Counter({ name: 'vva_feiten_verdeeld_total', help: 'Journal rows distributed (routed, signalled, audited)', registers: [registry] });
  const intake = new Counter({ name: 'vva_intake_berichten_total', help: 'Incoming messages by message type and result, counted after commit', labelNames: ['berichttype', 'resultaat'], registers: [registry] });
  const signalen = new Counter({ name: 'vva_signalen_total', help: 'Signals to gemeenten made, by type, counted after commit', labelNames: ['type'], registers: [registry] });
  const mijlpalen = new Counter({ name: 'vva_mijlpalen_total', help: 'Calendar milestones run to completion', labelNames: ['mijlpaal'], registers: [registry] });
  const uploads = new Counter({ name: 'vva_uploads_total', help: 'CSV uploads by outcome (ontvangen, duplicaat, geweigerd)', labelNames: ['uitkomst'], registers: [registry] });
  const uploadRijen = new Counter({ name: 'vva_upload_rijen_total', help: 'Rows of processed uploads by result', labelNames: ['resultaat'], registers: [registry] });
  new Gauge({
    name: 'vva_distributie_vertraging_seconds', help: 'Age of the oldest journal row not yet distributed (0 when none waits)', registers: [registry],
    async collect() {
      const oudste = await oudsteOnverdeeld(db);
      this.set(oudste ? Math.max(0, ((clock?.now() ?? new Date()).getTime() - oudste.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'vva_ophaal_achterstand', help: 'Events waiting to be pulled (after the acknowledged cursor), per kind of recipient', labelNames: ['soort'], registers: [registry],
    async collect() {
      this.reset();
      for (const r of await pullAchterstand(db)) this.set({ soort: r.soort }, r.n);
    },
  });
  new Gauge({
    name: 'vva_feiten_achterstand', help: 'Journal rows written but not yet distributed (the distributor lag)', registers: [registry],
    async collect() {
      this.set(await achterstand(db));
    },
  });
  new Gauge({
    name: 'vva_aflevering_achterstand', help: 'Undelivered push deliveries per recipient and state', labelNames: ['ontvanger', 'status'], registers: [registry],
    async collect() {
      this.reset();
      for (const r of await backlog(db)) {
        this.set({ ontvanger: r.oin, status: 'wacht' }, r.wacht);
        this.set({ ontvanger: r.oin, status: 'dode-letter' }, r.dood);
      }
    },
  });
  new Gauge({
    name: 'vva_audit_keten_lengte', help: 'Records in the audit chain (the seq of its head)', registers: [registry],
    async collect() {
      this.set((await readHead(db)).seq);
    },
  });
  // The latest signed checkpoint as labels: a Prometheus that scrapes the hub keeps the chain's hash at
  // each moment outside the database, so a later rewrite of the chain is found against it (issue 13.5).
  new Gauge({
    name: 'vva_audit_checkpoint', help: 'The latest signed audit checkpoint (value: its time, unix seconds)', labelNames: ['seq', 'hash'], registers: [registry],
    async collect() {
      this.reset();
      const c = await lastCheckpoint(db);
      if (c) this.set({ seq: String(c.seq), hash: c.hash }, new Date(c.tijdstip).getTime() / 1000);
    },
  });
  return { registry, attempts, deliveryLatency, intakeDuration, distributorPass, postDuration, deadLetters, distributed, intake, signalen, mijlpalen, uploads, uploadRijen };
}
