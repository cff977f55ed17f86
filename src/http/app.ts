import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { uuidv7 } from '../shared/uuid.ts';
import type { AppContext } from '../app/context.ts';
import { registerAuditRoutes } from '../audit/routes.ts';
import { registerPurgeRoutes } from '../purge/routes.ts';
import { registerLogboekRoutes } from '../audit/logboek-routes.ts';
import { registerIdentityRoutes } from '../identity/routes.ts';
import { registerReferenceRoutes } from '../reference-data/routes.ts';
import { registerKoppelpuntVoRoutes } from '../koppelpunt-vo/routes.ts';
import { registerKoppelpuntMboRoutes } from '../koppelpunt-mbo/routes.ts';
import { registerOutboxRoutes } from '../outbox/routes.ts';
import { registerCalendarRoutes } from '../calendar/routes.ts';
import { registerSignalRoutes } from '../signals/routes.ts';
import { registerDeliveryRoutes } from '../delivery/routes.ts';
import { registerOverstapRoutes } from '../overstap/routes.ts';
import { registerUploadRoutes } from '../upload/routes.ts';
import { registerStatisticsRoutes } from '../statistics/routes.ts';
import { registerConsole } from '../console/plugin.ts';
import { registerCentraalAanmeldenRoutes } from '../centraal-aanmelden/routes.ts';
import { registerPortaal } from '../centraal-aanmelden/portaal/plugin.ts';
import { registerInstellingsbeheer } from '../centraal-aanmelden/instellingsbeheer/plugin.ts';
import { PUBLIC_ROUTE, registerAuthentication } from './auth.ts';
import { registerCharsetCheck } from './charset.ts';
import { registerInputRules } from './input.ts';
import { capConnections } from './connections.ts';
import { registerLimits } from './limits.ts';
import { registerHealth } from './health.ts';
import { registerHygiene, registerTraceContext } from './hygiene.ts';
import { registerMetrics } from './metrics.ts';
import { API_VERSION, finaliseOpenApi, registerOpenApi } from './openapi.ts';
import { sendProblem } from './problem.ts';
import { VvaError } from '../shared/errors.ts';
import '../shared/validation.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  https?: { key: string | Buffer; cert: string | Buffer; ca: string | Buffer };
}

/** Builds the hub's HTTP app: one instance per process (or per test), all routes registered. */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const http = ctx.config.http;
  // Node's own timeouts, checked every second (its default, 30 s, would let a silent client stay 40 s).
  const nodeServer = { headersTimeout: http.headersTimeoutMs, requestTimeout: http.requestTimeoutMs, connectionsCheckingInterval: 1_000 };
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: () => uuidv7(),
    // Fastify's request log holds method, URL and status, never bodies (they hold PGNs); URLs carry no personal data by
    // design, and what a client puts there anyway is redacted by the serializers `serve` gives (http/redact.ts).
    bodyLimit: 8 * 1024 * 1024,
    connectionTimeout: http.idleTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    maxRequestsPerSocket: http.maxRequestsPerSocket,
    trustProxy: http.trustProxy,
    // (typed only for some of Fastify's overloads; plain http.createServer options)
    ...({ http: nodeServer } as object),
    ...(opts.https ? { https: { ...opts.https, ...nodeServer, handshakeTimeout: http.headersTimeoutMs, requestCert: true, rejectUnauthorized: false } } : {}),
  });
  capConnections(app.server, http.maxConnections, { tls: Boolean(opts.https), registry: ctx.metrics.registry });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(async (err, req, reply) => {
    // Spec §12: every refusal of access to personal data is audited.
    if (err instanceof VvaError && err.status === 403 && req.actor) {
      await ctx.audit.record([{ actorOin: req.actor.oin, gebruiker: req.actor.gebruiker, actie: 'toegang-geweigerd', resource: req.routeOptions.url ?? 'onbekend', doel: 'autorisatie', traceId: req.traceId, uitkomst: 'geweigerd' }])
        .catch((auditErr) => req.log.error({ err: auditErr }, 'audit of refusal failed'));
    }
    return sendProblem(err, req, reply);
  });
  let input: ReturnType<typeof registerInputRules> | undefined;
  app.setNotFoundHandler((req, reply) => {
    // A path that exists under other methods: 405 with those in `Allow` (RFC 9110 §15.5.6), not 404.
    const allow = input?.allowed(req.url) ?? [];
    if (allow.length === 0) return sendProblem(VvaError.notFound(`Geen resource voor ${req.method} op dit pad.`), req, reply);
    reply.header('Allow', allow.join(', '));
    return sendProblem(VvaError.methodNotAllowed(`${req.method} kan hier niet; wel: ${allow.join(', ')}.`), req, reply);
  });

  registerTraceContext(app);
  await registerHygiene(app);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('API-Version', API_VERSION);
    reply.header('X-Request-Id', req.id);
  });

  // First of all (and before authentication): a flood or a token guesser is stopped before it costs anything.
  await registerLimits(app, http, ctx.metrics.registry);
  registerCharsetCheck(app);
  // Then the gate, before any route: its onRoute hook sees every route registered after it.
  registerAuthentication(app, ctx.identity);
  input = registerInputRules(app);
  await registerOpenApi(app);
  registerMetrics(app, ctx.metrics.registry);
  registerHealth(app, ctx.db);

  await app.register(async (api) => {
    registerIdentityRoutes(api, ctx);
    registerAuditRoutes(api, ctx);
    registerPurgeRoutes(api, ctx);
    registerLogboekRoutes(api, ctx);
    registerReferenceRoutes(api, ctx);
    registerKoppelpuntVoRoutes(api, ctx);
    registerKoppelpuntMboRoutes(api, ctx);
    registerOutboxRoutes(api, ctx);
    registerCalendarRoutes(api, ctx);
    registerSignalRoutes(api, ctx);
    registerDeliveryRoutes(api, ctx);
    registerOverstapRoutes(api, ctx);
    registerUploadRoutes(api, ctx);
    registerStatisticsRoutes(api, ctx);
    registerCentraalAanmeldenRoutes(api, ctx);
  });
  // The beheer console (HTML under /beheer) authenticates with its own session cookie, not an API token.
  await registerConsole(app, ctx);
  // Centraal Aanmelden's web pages: the student portal (DigiD session) under /aanmelden, the instelling's administrators under /instelling.
  await registerPortaal(app, ctx);
  await registerInstellingsbeheer(app, ctx);

  app.get('/api/v1/openapi.json', { schema: { hide: true }, config: PUBLIC_ROUTE }, async () => finaliseOpenApi(app.swagger() as Record<string, unknown>));
  return app;
}
