import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { VvaError } from '../shared/errors.ts';
import { sendCsv } from '../http/csv.ts';
import { afwijzingenAlsCsv, receiveUpload, uploadResultaat } from './service.ts';

const upload = z.object({
  id: z.string(), soort: z.string(), status: z.enum(['verwerken', 'klaar', 'mislukt']), rijen: z.number(), verwerkt: z.number(),
  verouderd: z.number(), duplicaat: z.number(), afgewezen: z.number(), ontvangen: z.date(), klaar: z.date().nullable(),
});

const CSV_TYPES = ['text/csv', 'application/csv'];
const isCsv = (contentType: string | undefined) => CSV_TYPES.includes((contentType ?? '').split(';')[0]!.trim().toLowerCase());

export function registerUploadRoutes(app: FastifyInstance, ctx: AppContext) {
  // The body reaches the handler as a stream: it is spooled to disk, never buffered whole.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/uploads', {
    bodyLimit: 100 * 1024 * 1024,
    // Only a CSV body, refused before any other parser (JSON, say) reads it.
    onRequest: async (req) => {
      if (!isCsv(req.headers['content-type'])) throw new VvaError(415, 'niet-ondersteund-mediatype', 'Niet-ondersteund mediatype', 'Een upload is een CSV-bestand: Content-Type text/csv (UTF-8, ;-gescheiden).');
    },
    schema: {
      tags: ['upload'], operationId: 'postUpload', summary: 'CSV-bestand (;-gescheiden, kopregel met de veldnamen van een mbo-ganger- of aanmeldstatusbericht) aanleveren',
      consumes: ['text/csv'],
      response: { 200: upload, 202: upload },
    },
  }, async (req, reply) => {
    const actor = requireSoort(req, 'vo-school', 'mbo-instelling', 'leverancier');
    const { upload: u, nieuw } = await receiveUpload(ctx, actor, req.body as Readable, req.traceId);
    reply.status(nieuw ? 202 : 200).header('Location', `/api/v1/uploads/${u.id}`);
    return u;
  });

  api.get('/api/v1/uploads/:id', {
    schema: {
      tags: ['upload'], operationId: 'getUpload', summary: 'Stand van een upload met elke afgewezen rij (JSON, of CSV met ?formaat=csv)',
      params: z.object({ id: z.uuid() }), querystring: z.strictObject({ formaat: z.enum(['json', 'csv']).default('json') }),
      response: { 200: upload.extend({ afwijzingen: z.array(z.object({ rij: z.number(), problemen: z.array(z.object({ name: z.string(), reason: z.string(), code: z.string().optional() })) })) }) },
    },
  }, async (req, reply) => {
    const actor = requireSoort(req, 'vo-school', 'mbo-instelling', 'leverancier');
    const result = await uploadResultaat(ctx, actor, req.params.id);
    if (req.query.formaat === 'csv' || req.headers.accept === 'text/csv') {
      return sendCsv(reply, afwijzingenAlsCsv(result.afwijzingen));
    }
    return result;
  });
}
