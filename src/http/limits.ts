import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import type { HttpConfig } from '../config/config.ts';
import { VvaError } from '../shared/errors.ts';

// Monitoring must keep working while a client is throttled: load balancers probe these.
const UNLIMITED = new Set(['/health', '/metrics']);
const unlimited = (req: FastifyRequest) => UNLIMITED.has(req.routeOptions.url ?? '');

/**
 * The credential a request carries, before anyone has checked it: a hash of the bearer token, or the
 * fingerprint of a verified client certificate. Checking happens later (auth.ts); counting happens here,
 * so a flood with one (even invalid) token is limited before it costs a database lookup.
 */
export function credentialOf(req: FastifyRequest): string | null {
  const socket = req.raw.socket as Partial<TLSSocket>;
  if (socket.encrypted && socket.authorized) {
    const fingerprint = socket.getPeerCertificate?.()?.fingerprint256;
    if (fingerprint) return `cert:${fingerprint}`;
  }
  const header = req.headers.authorization;
  if (!header) return null;
  return `token:${createHash('sha256').update(header).digest('base64url').slice(0, 24)}`;
}

/**
 * Repeated failed authentication from one address (issue 13 point 4): after `max` 401s within the
 * window the address must wait `lockoutBaseMs`, doubling with every further failure up to
 * `lockoutMaxMs` (defaults: after 10 failures 1 s, 2 s, 4 s … 15 min — guessing a token gets slower
 * than useless). While it waits, every request from it is a 429 without a credential check: a success
 * does not reset the count, or a guesser with one valid token could. Failures age out after the window.
 */
export class AuthFailureTracker {
  // Map order is age order: the oldest address is forgotten first when the table is full.
  private readonly byAddress = new Map<string, { failures: number; last: number; lockedUntil: number }>();

  constructor(private readonly cfg: HttpConfig['authFailures'], private readonly maxAddresses = 100_000, private readonly now = () => Date.now()) {}

  /** Milliseconds this address must still wait; 0 = go ahead. */
  waitFor(address: string): number {
    const entry = this.byAddress.get(address);
    return entry ? Math.max(0, entry.lockedUntil - this.now()) : 0;
  }

  failed(address: string): void {
    if (this.cfg.max === 0) return;
    const now = this.now();
    let entry = this.byAddress.get(address);
    if (!entry || now - entry.last > this.cfg.windowMs) entry = { failures: 0, last: now, lockedUntil: 0 };
    this.byAddress.delete(address);
    entry.failures++;
    entry.last = now;
    if (entry.failures >= this.cfg.max) {
      const lockout = Math.min(this.cfg.lockoutBaseMs * 2 ** Math.min(entry.failures - this.cfg.max, 40), this.cfg.lockoutMaxMs);
      entry.lockedUntil = now + lockout;
    }
    this.byAddress.set(address, entry);
    if (this.byAddress.size > this.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value!);
  }
}

function refuse(reply: FastifyReply, waitMs: number, detail: string, counter: Counter<'grens'>, grens: string): never {
  counter.inc({ grens });
  reply.header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
  throw VvaError.tooManyRequests(detail);
}

/**
 * Registers, before authentication, in this order: the per-address rate limit, the failed-auth wait,
 * the per-credential rate limit. Each answers 429 problem+json with `Retry-After`.
 */
export async function registerLimits(app: FastifyInstance, cfg: HttpConfig, registry: Registry) {
  const refused = new Counter({ name: 'vva_http_te_veel_verzoeken_total', help: 'Requests answered 429, by limit (adres, credential, aanmelden)', labelNames: ['grens'], registers: [registry] });
  // Only the plugin's counting is used (`createRateLimit`); the hooks and the answer are ours.
  await app.register(rateLimit, { global: false, timeWindow: cfg.rateLimit.windowMs });
  // Counters for up to 100,000 addresses and credentials each (the plugin's default, 5,000, would let
  // a client rotating over more addresses than that start from zero again).
  // (`cache` reaches the plugin's LocalStore; its types do not list it.)
  const cache = { cache: 100_000 } as object;
  const perAddress = app.createRateLimit({ max: cfg.rateLimit.perAddress, timeWindow: cfg.rateLimit.windowMs, ...cache, keyGenerator: (req) => `adres:${req.ip}` });
  const perCredential = app.createRateLimit({ max: cfg.rateLimit.perCredential, timeWindow: cfg.rateLimit.windowMs, ...cache, keyGenerator: (req) => credentialOf(req) ?? '', allowList: (_req, key) => key === '' });
  const failures = new AuthFailureTracker(cfg.authFailures);
  const window = `${cfg.rateLimit.windowMs / 1000} s`;

  app.addHook('onRequest', async (req, reply) => {
    if (unlimited(req)) return;
    if (cfg.rateLimit.perAddress > 0) {
      const r = await perAddress(req);
      if (!r.isAllowed && r.isExceeded) refuse(reply, r.ttl, `Meer dan ${cfg.rateLimit.perAddress} verzoeken per ${window} vanaf dit adres; probeer het later opnieuw.`, refused, 'adres');
    }
    const wait = failures.waitFor(req.ip);
    if (wait > 0) refuse(reply, wait, 'Te vaak een ongeldig token of certificaat vanaf dit adres; wacht voordat u het opnieuw probeert.', refused, 'aanmelden');
    if (cfg.rateLimit.perCredential > 0) {
      const r = await perCredential(req);
      if (!r.isAllowed && r.isExceeded) refuse(reply, r.ttl, `Meer dan ${cfg.rateLimit.perCredential} verzoeken per ${window} met dit token of certificaat; probeer het later opnieuw.`, refused, 'credential');
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode === 401) failures.failed(req.ip);
  });
}
