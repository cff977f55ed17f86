import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { PUBLIC_ROUTE } from '../http/auth.ts';
import { VvaError } from '../shared/errors.ts';
import { dataschemaUrl } from './cloudevent.ts';
import { cloudEventSchema, dataJsonSchema } from './event-schemas.ts';
import { EVENT_TYPE_LIST, isEventType } from './events.ts';
import { pullInbox } from './service.ts';

export function registerOutboxRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/berichten', {
    schema: {
      tags: ['levering'], operationId: 'getBerichten', summary: 'Eigen uitgaande berichten ophalen (CloudEvents); de cursor bevestigt wat ervoor kwam',
      querystring: z.strictObject({
        // A `volgende` or any event's `sequence` (zero-padded to the 19 digits of a bigint).
        na: z.string().regex(/^[0-9]{1,19}$/, 'na: een cursor uit "volgende" of een "sequence"').optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: {
        200: z.object({
          berichten: z.array(cloudEventSchema),
          volgende: z.string().describe('de cursor voor de volgende aanvraag (?na=); bevestigt alles tot en met het laatste bericht'),
        }).describe('De berichten na de cursor, in vaste volgorde'),
      },
    },
  }, async (req) => pullInbox(ctx, req.actor, req.query.na, req.query.limit, req.traceId));

  // The JSON Schemas of the events' data (spec §10): public, like the OpenAPI document they belong to.
  api.get('/api/v1/schemas', {
    config: PUBLIC_ROUTE,
    schema: {
      tags: ['levering'], operationId: 'listSchemas', summary: 'De berichttypen met het JSON Schema van hun data', security: [],
      response: { 200: z.object({ schemas: z.array(z.object({ type: z.string(), dataschema: z.url() })) }).describe('Elk berichttype en waar zijn schema staat') },
    },
  }, async () => ({ schemas: EVENT_TYPE_LIST.map((type) => ({ type, dataschema: dataschemaUrl(ctx.config.publicUrl, type) })) }));

  api.get('/api/v1/schemas/:type', {
    config: PUBLIC_ROUTE,
    schema: {
      tags: ['levering'], operationId: 'getSchema', summary: 'Het JSON Schema (2020-12) van de data van een berichttype, zoals dataschema het noemt', security: [],
      params: z.object({ type: z.string().regex(/^nl\.vva\.[a-z0-9.-]+\.v[0-9]+$/, 'type: een berichttype zoals nl.vva.aanmeldstatus.v1') }),
      response: { 200: z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12) van data') },
      'x-fouten': { 404: 'Geen berichttype met deze naam' },
    },
  }, async (req, reply) => {
    if (!isEventType(req.params.type)) throw VvaError.notFound(`Geen berichttype ${req.params.type}; GET /api/v1/schemas noemt ze.`);
    reply.type('application/schema+json');
    return dataJsonSchema(req.params.type, ctx.config.publicUrl);
  });
}
