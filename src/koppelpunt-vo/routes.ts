import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { brin4 } from '../domain/bericht-velden.ts';
import { batchBody, batchResponse, VOORBEELD_BUITENLAND } from '../intake/http.ts';
import { processMboGangerberichten } from '../intake/mbo-ganger-intake.ts';
import { mboGangerBerichtSchema } from './mbo-ganger-bericht.ts';
import { claims, overzicht } from './service.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';

const OVERSTAPSTATUSSEN = ['INGESCHREVEN', 'AANGEMELD', 'GEEN_AANMELDING'] as const;

export function registerKoppelpuntVoRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/mbo-gangerberichten', {
    schema: {
      tags: ['koppelpunt-vo'], operationId: 'postMboGangerberichten', summary: 'mbo-gangerberichten aanleveren (1–1000)',
      body: batchBody(mboGangerBerichtSchema(new Date(0)), 'Een vo-school (of haar leverancier met mandaat) meldt potentiële mbo-gangers.', {
        berichtId: '0196f000-0000-7000-8000-000000000010', tijdstip: '2027-01-20T09:00:00+01:00', pgn: '999993653', brinVo: '18BR', vestiging: '18BR00',
        ...VOORBEELD_BUITENLAND, mboGanger: true,
      }),
      response: { 200: batchResponse(false) }, 'x-fouten': { 403: 'Alleen voor een vo-school of een leverancier' },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'vo-school', 'leverancier');
    return { resultaten: await processMboGangerberichten(ctx, actor, req.body.berichten, req.traceId) };
  });

  api.get('/api/v1/vo-scholen/:brin/overzicht', {
    schema: {
      tags: ['koppelpunt-vo'], operationId: 'getVoSchoolOverzicht', summary: 'Overzicht van de potentiële mbo-gangers van een vo-school',
      params: z.object({ brin: brin4 }),
      querystring: z.strictObject({ overstapstatus: z.enum(OVERSTAPSTATUSSEN).optional(), cyclus: z.coerce.number().int().min(2020).max(2100).optional() }),
      response: {
        200: z.object({
          brin: z.string(), cyclus: z.number(),
          leerlingen: z.array(z.object({
            pgn: z.string(), overstapstatus: z.enum(OVERSTAPSTATUSSEN),
            aanmeldingen: z.array(z.object({ brinMbo: z.string(), status: z.string() })),
          })),
        }).describe('De potentiële mbo-gangers van de school met hun overstapstatus'),
      },
      'x-fouten': { 403: 'Alleen de school zelf, of haar leverancier met een geldig mandaat' },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'vo-school', 'leverancier');
    return overzicht(ctx, actor, req.params.brin, req.query, req.traceId);
  });

  api.get('/api/v1/beheer/meldingen-van-andere-scholen', {
    schema: {
      tags: ['beheer'], operationId: 'getMeldingenVanAndereScholen', summary: 'Vo-scholen die leerlingen meldden die een andere school eerder meldde (issue 13.7)',
      querystring: z.strictObject({ cyclus: z.coerce.number().int().min(2020).max(2100).optional() }),
      response: {
        200: z.object({
          cyclus: z.number(),
          scholen: z.array(z.object({ brinVo: z.string(), claims: z.number().int(), gemeld: z.number().int(), opvallend: z.boolean() })),
        }).describe('Per school: hoeveel van haar meldingen een andere school eerder deed'),
      },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return claims(ctx, req.query.cyclus);
  });
}
