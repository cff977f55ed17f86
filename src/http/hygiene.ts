import { randomBytes } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * HTTP hygiene of every answer (ADR 2.2, issue 12.6), in one place before any route:
 * - helmet's security headers (`X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
 *   frame and cross-origin policies). The CSP here is the one for answers that are not pages: nothing
 *   may load and nothing may frame them. The beheer console sets its own page CSP (with `frame-ancestors 'none'`).
 * - `Cache-Control: no-store`: nearly every answer holds personal data or a credential's view of it, and
 *   no proxy or browser cache may keep a copy; the few that may be cached (style sheets) say so themselves.
 * - HSTS only when the client came over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto):
 *   browsers ignore it over plain http, and a development hub on http://127.0.0.1 must not pin itself.
 */
export async function registerHygiene(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    // One year, as the ADR and OWASP advise; subdomains too (the hub's host names are its own).
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZEROS_32 = '0'.repeat(32);
const ZEROS_16 = '0'.repeat(16);

/**
 * W3C Trace Context: the caller's trace id is kept (audit records, the fact journal and every log line
 * of the request carry it) and echoed in the answer's `traceparent`, with the hub's own span as parent-id,
 * so the caller finds the hub's part of its trace. Without a valid one, the hub starts a trace.
 */
export function registerTraceContext(app: FastifyInstance): void {
  app.decorateRequest('traceId', '');
  app.addHook('onRequest', async (req, reply) => {
    const m = TRACEPARENT.exec(String(req.headers.traceparent ?? '').trim().toLowerCase());
    // Version ff and all-zero ids are invalid (W3C §3.2.2); a later version may add fields, never change these.
    const valid = m && m[1] !== 'ff' && m[2] !== ZEROS_32 && m[3] !== ZEROS_16;
    req.traceId = valid ? m[2]! : randomBytes(16).toString('hex');
    const flags = valid ? m[4]! : '00';
    reply.header('traceparent', `00-${req.traceId}-${randomBytes(8).toString('hex')}-${flags}`);
    // Every log line of the request (the completion line included, which Fastify writes with the reply's logger).
    req.log = req.log.child({ traceId: req.traceId });
    reply.log = req.log;
  });
}
