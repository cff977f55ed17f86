import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { processAanmeldstatusberichten } from '../intake/aanmeldstatus-intake.ts';
import { batchBody, batchResponse } from '../intake/http.ts';
import { aanmeldstatusBerichtSchema } from './aanmeldstatus-bericht.ts';
import { eldersAangemeldVoor } from './service.ts';

export function registerKoppelpuntMboRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/aanmeldstatusberichten', {
    schema: {
      tags: ['koppelpunt-mbo'], operationId: 'postAanmeldstatusberichten', summary: 'aanmeldstatusberichten aanleveren (1–1000)',
      body: batchBody(aanmeldstatusBerichtSchema(new Date(0)), 'Een mbo-instelling (of haar leverancier met mandaat) meldt de status van elke aanmelding.'),
      response: { 200: batchResponse(true) },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'mbo-instelling', 'leverancier');
    return { resultaten: await processAanmeldstatusberichten(ctx, actor, req.body.berichten, req.traceId) };
  });

  api.get('/api/v1/aanmeldingen/:aanmeldingId/elders-aangemeld', {
    schema: {
      tags: ['koppelpunt-mbo'], operationId: 'getEldersAangemeld', summary: 'Is de student elders (actief) aangemeld? Nooit waar.',
      params: z.object({ aanmeldingId: z.string().regex(/^[0-9]{2}[A-Z]{2}:[0-9]{8}$/, 'aanmeldingId: BRIN4:8 cijfers') }),
      response: { 200: z.object({ eldersAangemeld: z.boolean() }) },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'mbo-instelling', 'leverancier');
    return eldersAangemeldVoor(ctx, actor, req.params.aanmeldingId, req.traceId);
  });
}
