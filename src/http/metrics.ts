import type { FastifyInstance } from 'fastify';
import { PUBLIC_ROUTE } from './auth.ts';
import { Counter, Histogram, type Registry } from 'prom-client';

/** HTTP metrics in the context's registry, and the `/metrics` endpoint that exposes all of them. */
export function registerMetrics(app: FastifyInstance, registry: Registry): Registry {
  const requests = new Counter({ name: 'vva_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'vva_http_request_duration_seconds', help: 'HTTP request duration by route', labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the raw URL: keeps label cardinality bounded and identifiers out.
    const route = req.routeOptions.url ?? 'onbekend';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true }, config: PUBLIC_ROUTE }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
