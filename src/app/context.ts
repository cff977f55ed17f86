import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { AuditLog } from '../audit/audit-log.ts';
import { Distributor } from '../distributor/distributor.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/db.ts';
import { IdentityService } from '../identity/service.ts';
import { CalendarService } from '../calendar/service.ts';
import { SecretBox } from '../delivery/secrets.ts';
import type { Mailer } from '../mail/mailer.ts';
import pLimit, { type LimitFunction } from 'p-limit';
import { createMetrics, type HubMetrics } from './metrics.ts';
import { ManualClock, systemClock, type Clock } from '../shared/clock.ts';

/** Everything a request handler or command needs, built once from the config. */
export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  audit: AuditLog;
  identity: IdentityService;
  calendar: CalendarService;
  /** The fact journal's distributor (src/distributor): routing, signals, outbox and audit chain. */
  distributor: Distributor;
  /**
   * Called after a request committed journal rows. Serving, it starts the distributor and returns at
   * once; a test hub waits until they are distributed, so a test reads what followed from its request.
   */
  onFeiten: () => Promise<void>;
  /**
   * Called after a transaction put events in the outbox, with the recipients that got push deliveries
   * (or without, when unknown); `serve` wires it to this process's delivery workers.
   */
  onUitgaand: (ontvangers?: string[]) => void;
  metrics: HubMetrics;
  secrets: SecretBox;
  /** Runs an intake transaction when one of the process's VVA_INTAKE_TRANSACTIES places is free. */
  intakeBeurt: LimitFunction;
  /** Outgoing e-mail (Centraal Aanmelden's retention warnings); none configured: nothing is sent, and that is logged. */
  mailer?: Mailer | null;
  /** The process's logger (the HTTP app's, with its redacting serializers, once `serve` has one); silent until then. */
  log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>;
}

/**
 * The pseudonym key must be stable, or audit records of one pupil stop matching (and a different
 * secret key could not open the stored webhook secrets). Production passes them in config;
 * development keeps generated ones in the database. Either way the database remembers a fingerprint
 * of the key it was used with, and a process with another key — a CLI command run without the
 * variable the hub has, say — refuses to start instead of writing pseudonyms that match nothing.
 */
async function hubSecret(db: Db, configured: string | undefined, naam: string, variabele: string): Promise<string> {
  let key = configured;
  if (!key) {
    await db.query(`insert into hub_geheim (naam, waarde) values ($1, $2) on conflict (naam) do nothing`, [naam, randomBytes(32).toString('hex')]);
    key = (await db.query<{ waarde: string }>(`select waarde from hub_geheim where naam = $1`, [naam])).rows[0]!.waarde;
  }
  const vingerafdruk = createHmac('sha256', key).update('vva-sleutel-vingerafdruk').digest('hex');
  await db.query(`insert into hub_geheim (naam, waarde) values ($1, $2) on conflict (naam) do nothing`, [`${naam}-vingerafdruk`, vingerafdruk]);
  const bekend = (await db.query<{ waarde: string }>(`select waarde from hub_geheim where naam = $1`, [`${naam}-vingerafdruk`])).rows[0]!.waarde;
  if (bekend !== vingerafdruk) {
    throw new Error(`${variabele}: ${configured ? 'this key is not' : 'without it, the key generated for development is not'} the key this database was used with; start with the same ${variabele} as the hub`);
  }
  return key;
}

const silentLogger = { error: () => undefined, warn: () => undefined, info: () => undefined };

export async function createContext(config: Config, db: Db, clock?: Clock, logger?: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>): Promise<AppContext> {
  const theClock = clock ?? (config.clock.mode === 'manual' ? new ManualClock(config.clock.start) : systemClock);
  const audit = new AuditLog(db, theClock, await hubSecret(db, config.pseudonymKey, 'pseudoniem-sleutel', 'VVA_PSEUDONYM_KEY'),
    await hubSecret(db, config.auditKey, 'audit-sleutel', 'VVA_AUDIT_KEY'));
  const identity = new IdentityService(db, theClock, audit);
  const ctx: AppContext = {
    config, db, clock: theClock, audit, identity, calendar: new CalendarService(db, theClock),
    distributor: undefined as unknown as Distributor,
    onFeiten: async () => ctx.distributor.kick(), onUitgaand: () => undefined,
    metrics: createMetrics(db, theClock), secrets: new SecretBox(await hubSecret(db, config.secretKey, 'geheim-sleutel', 'VVA_GEHEIM_SLEUTEL')),
    intakeBeurt: pLimit(config.intakeTransacties),
    log: logger ?? silentLogger,
  };
  ctx.distributor = new Distributor(ctx);
  audit.onRecorded = () => ctx.onFeiten();
  // An anchor outside the table: whoever keeps the log can later prove what the chain was.
  audit.onCheckpoint = (c) => ctx.log.info({ auditCheckpoint: { seq: c.seq, hash: c.hash, tijdstip: c.tijdstip.toISOString(), handtekening: c.handtekening } }, 'audit checkpoint');
  return ctx;
}
