import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { VvaError } from '../shared/errors.ts';
import { TEKST_META } from '../shared/validation.ts';
import { sendCsv } from '../http/csv.ts';
import { afwijzingenAlsCsv, receiveUpload, uploadResultaat } from './service.ts';

const upload = z.object({
  id: z.string(), soort: z.string(), status: z.enum(['verwerken', 'klaar', 'mislukt']), rijen: z.number(), verwerkt: z.number(),
  verouderd: z.number(), duplicaat: z.number(), afgewezen: z.number(), ontvangen: z.date(), klaar: z.date().nullable(),
});

const CSV_TYPES = ['text/csv', 'application/csv'];

/** The upload body in the OpenAPI document: the route reads it as a stream, so Fastify has no schema of it. */
const CSV_VOORBEELD = 'tijdstip;pgn;brinVo;postcode;huisnummer;mboGanger\n2027-01-20T09:00:00+01:00;999993653;18BR;9406NN;202;true\n';
const csvBody = {
  required: true,
  description: 'UTF-8, ;-gescheiden; de kopregel noemt de velden van een mbo-gangerbericht (spec §4.1) of een aanmeldstatusbericht (§4.2, herkend aan aanmeldingId), zonder berichtId. Hoogstens 100 MB.',
  // Every cell is checked as the field of the message it fills (spec §11), free text as `tekst`.
  content: Object.fromEntries(CSV_TYPES.map((t) => [t, { schema: { type: 'string', [TEKST_META]: 'elke cel als het veld van het bericht' }, examples: { mboGangers: { summary: 'Twee kolommen meer dan verplicht: een adres in Nederland', value: CSV_VOORBEELD } } }])),
};
const ALLEEN_AANLEVERAARS = { 403: 'Alleen voor een vo-school, mbo-instelling of leverancier' };
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
      consumes: CSV_TYPES, 'x-request-body': csvBody,
      response: { 200: upload.describe('Dit bestand kwam al eerder: de stand van die upload'), 202: upload.describe('Aangenomen; de rijen worden verwerkt (Location: de stand)') },
      'x-fouten': ALLEEN_AANLEVERAARS,
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
      response: {
        200: {
          description: 'De stand met elke afgewezen rij en haar problemen (JSON; of CSV met ?formaat=csv of Accept: text/csv)',
          content: {
            'application/json': { schema: upload.extend({ afwijzingen: z.array(z.object({ rij: z.number(), problemen: z.array(z.object({ name: z.string(), reason: z.string(), code: z.string().optional() })) })) }) },
            'text/csv': { schema: z.string().meta({ examples: ['rij;veld;reden\n2;pgn;pgn: geen geldig BSN (elfproef) of onderwijsnummer\n'] }) },
          },
        },
      },
      'x-fouten': { ...ALLEEN_AANLEVERAARS, 404: 'Onbekende upload, of die van een ander' },
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
