import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { pullInbox } from './service.ts';

const cloudEvent = z.object({
  specversion: z.literal('1.0'), id: z.string(), source: z.string(), type: z.string(), time: z.string(),
  datacontenttype: z.literal('application/json'), data: z.record(z.string(), z.unknown()),
});

export function registerOutboxRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/berichten', {
    schema: {
      tags: ['levering'], operationId: 'getBerichten', summary: 'Eigen uitgaande berichten ophalen (CloudEvents); de cursor bevestigt wat ervoor kwam',
      querystring: z.strictObject({
        na: z.string().regex(/^[0-9]{1,18}$/, 'na: een cursor uit "volgende"').optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: { 200: z.object({ berichten: z.array(cloudEvent), volgende: z.string() }) },
    },
  }, async (req) => pullInbox(ctx, req.actor, req.query.na, req.query.limit, req.traceId));
}
