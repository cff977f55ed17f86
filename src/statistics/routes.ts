import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { sendCsv } from '../http/csv.ts';
import { alsCsv, NIVEAUS, statistieken } from './service.ts';
import { tekst } from '../shared/validation.ts';

export function registerStatisticsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/statistieken', {
    schema: {
      tags: ['beleidsinformatie'], operationId: 'getStatistieken', summary: 'Anonieme beleidsinformatie per cyclus (aantallen onder 5 als "<5", een aandeel of mediaan over minder dan 5 leerlingen null met reden); de lopende cyclus met de cijfers van vandaag; zonder cyclus: de trend over de jaren',
      querystring: z.strictObject({
        niveau: z.enum(NIVEAUS), code: tekst().max(20).default('NL'), cyclus: z.coerce.number().int().min(2020).max(2100).optional(),
        formaat: z.enum(['json', 'csv']).default('json'),
      }),
      response: {
        200: {
          description: 'De indicatoren per cyclus en dag (JSON; of CSV met ?formaat=csv of Accept: text/csv)',
          content: {
            'application/json': { schema: z.object({ niveau: z.string(), code: z.string(), reeks: z.array(z.object({ cyclus: z.number(), dag: z.string(), indicatoren: z.record(z.string(), z.union([z.number(), z.literal('<5'), z.null()])), redenen: z.record(z.string(), z.string()).meta({ description: 'Waarom een indicator null is (bijvoorbeeld een mediaan over minder dan 5 leerlingen)' }) })) }) },
            'text/csv': { schema: z.string().meta({ examples: ['niveau;code;cyclus;dag;indicator;waarde;reden\nnationaal;NL;2027;2027-04-02;potentieleMboGangers;1234;\n'] }) },
          },
        },
      },
      'x-fouten': { 403: 'Alleen het eigen niveau, en de landelijke cijfers' },
    },
  }, async (req, reply) => {
    const result = await statistieken(ctx, req.actor, req.query.niveau, req.query.code, req.query.cyclus);
    if (req.query.formaat === 'csv' || req.headers.accept === 'text/csv') {
      return sendCsv(reply, alsCsv(result));
    }
    return result;
  });
}
