import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { processAanmeldstatusberichten } from '../intake/aanmeldstatus-intake.ts';
import { batchBody, batchResponse, VOORBEELD_BUITENLAND } from '../intake/http.ts';
import { aanmeldstatusBerichtSchema } from './aanmeldstatus-bericht.ts';
import { eldersAangemeldVoor } from './service.ts';

export function registerKoppelpuntMboRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/aanmeldstatusberichten', {
    schema: {
      tags: ['koppelpunt-mbo'], operationId: 'postAanmeldstatusberichten', summary: 'aanmeldstatusberichten aanleveren (1–1000)',
      body: batchBody(aanmeldstatusBerichtSchema(new Date(0)), 'Een mbo-instelling (of haar leverancier met mandaat) meldt de status van elke aanmelding.', {
        berichtId: '0196f000-0000-7000-8000-000000000011', tijdstip: '2027-01-21T10:00:00+01:00', aanmeldingId: '90AA:90355557', pgn: '999993653', ...VOORBEELD_BUITENLAND,
        brinMbo: '90AA', brinVo: '18BR', vooropleiding: 'VMBO', leertraject: 'BOL', leeftijdscategorie: 'TUSSEN_16_18', startkwalificatie: false, status: 'AO', crebo: '25180',
      }),
      response: { 200: batchResponse(true) }, 'x-fouten': { 403: 'Alleen voor een mbo-instelling of een leverancier' },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'mbo-instelling', 'leverancier');
    return { resultaten: await processAanmeldstatusberichten(ctx, actor, req.body.berichten, req.traceId) };
  });

  api.get('/api/v1/aanmeldingen/:aanmeldingId/elders-aangemeld', {
    schema: {
      tags: ['koppelpunt-mbo'], operationId: 'getEldersAangemeld', summary: 'Is de student elders (actief) aangemeld? Nooit waar.',
      params: z.object({ aanmeldingId: z.string().regex(/^[0-9]{2}[A-Z]{2}:[0-9]{8}$/, 'aanmeldingId: BRIN4:8 cijfers') }),
      response: { 200: z.object({ eldersAangemeld: z.boolean() }).describe('Of de student elders een actieve aanmelding heeft') },
      'x-fouten': { 403: 'Alleen de eigen instelling, of haar leverancier met een geldig mandaat', 404: 'Onbekende aanmeldingId' },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'mbo-instelling', 'leverancier');
    return eldersAangemeldVoor(ctx, actor, req.params.aanmeldingId, req.traceId);
  });
}
