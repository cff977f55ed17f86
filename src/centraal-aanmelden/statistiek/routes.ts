import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { requireSoort } from '../../http/auth.ts';
import { brin4 } from '../../identity/schemas.ts';
import { VvaError } from '../../shared/errors.ts';
import { magStatistiekZien, StatistiekService } from './service.ts';

const aantal = z.union([z.number(), z.literal('<5')]);
const meervoudig = {
  aanmeldingen: aantal.meta({ description: 'Aanmeldingen (ook ingetrokken en afgewezen); onder 5 als "<5"' }),
  meervoudigAangemeld: aantal.meta({ description: 'Waarvan één van meerdere aanmeldingen van dezelfde student in hetzelfde instroomjaar' }),
  meervoudigElders: aantal.meta({ description: 'Waarvan de student dat jaar ook bij een andere instelling aangemeld is' }),
};
const uitvoer = z.object({
  brin: z.string(),
  reeks: z.array(z.object({
    cyclus: z.number().meta({ description: 'Instroomjaar: het jaar van het instroommoment van het cohort' }),
    instelling: z.object(meervoudig),
    opleidingen: z.array(z.object({ aanbodCode: z.string(), wervingsnaam: z.string().nullable(), ...meervoudig })),
  })),
});

export function registerCaStatistiekRoutes(app: FastifyInstance, ctx: AppContext) {
  const statistiek = new StatistiekService(ctx);
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/centraal-aanmelden/instellingen/:brin/statistiek', {
    schema: {
      tags: ['centraal-aanmelden'], operationId: 'getCaStatistiek', summary: 'Statistiek van meervoudige aanmeldingen per instelling en opleiding (alleen aantallen, onder 5 als "<5")',
      params: z.object({ brin: brin4 }), querystring: z.strictObject({ cyclus: z.coerce.number().int().min(2020).max(2100).optional() }),
      response: { 200: uitvoer.describe('Per instroomjaar de aantallen van de instelling en van elke opleiding') },
      'x-fouten': { 403: 'Alleen voor de instelling zelf of beheer', 404: 'Geen mbo-instelling met deze BRIN' },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'mbo-instelling', 'beheer');
    if (!magStatistiekZien(actor, req.params.brin)) throw VvaError.forbidden(`Alleen instelling ${req.params.brin} zelf (of beheer) ziet deze statistiek.`);
    return statistiek.vanInstelling(req.params.brin, req.query.cyclus);
  });
}
