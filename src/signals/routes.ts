import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { oin } from '../identity/schemas.ts';
import { gemeenteOverzicht, eindpuntInstellen, eindpuntVan } from './service.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';

const SIGNAALTYPEN = ['NIET_AANGEMELD', 'NIET_INGESCHREVEN', 'STATUSWIJZIGING', 'INTREKKING'] as const;
const gemeentecode = z.object({ code: z.string().regex(/^[0-9]{4}$/, 'gemeentecode: 4 cijfers') });
const eindpunt = z.object({ gemeentecode: z.string(), ontvangerOin: z.string().nullable(), bron: z.enum(['ingesteld', 'eigen-aansluiting', 'geen']) });

export function registerSignalRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/gemeenten/:code/overzicht', {
    schema: {
      tags: ['koppelpunt-gemeenten'], operationId: 'getGemeenteOverzicht', summary: 'Gesignaleerde inwoners van een gemeente met hun signalen',
      params: gemeentecode,
      querystring: z.strictObject({ signaal: z.enum(SIGNAALTYPEN).optional(), cyclus: z.coerce.number().int().min(2020).max(2100).optional() }),
      response: {
        200: z.object({
          gemeentecode: z.string(), cyclus: z.number(),
          leerlingen: z.array(z.object({
            pgn: z.string(), overstapstatus: z.string(),
            signalen: z.array(z.object({ signaalId: z.string(), type: z.string(), tijd: z.string(), reden: z.string().nullable(), brinMbo: z.string().nullable(), status: z.string().nullable() })),
          })),
        }).describe('De gesignaleerde inwoners met hun signalen'),
      },
      'x-fouten': { 403: 'Alleen de gemeente zelf, of het eindpunt dat zij koos' },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'gemeente', 'rmc-regio');
    return gemeenteOverzicht(ctx, actor, req.params.code, req.query, req.traceId);
  });

  api.get('/api/v1/beheer/gemeenten/:code/eindpunt', {
    schema: { tags: ['beheer'], operationId: 'getGemeenteEindpunt', summary: 'Waar de signalen van een gemeente heen gaan', params: gemeentecode, response: { 200: eindpunt.describe('Het eindpunt en waar het vandaan komt') }, 'x-fouten': ALLEEN_BEHEER },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return eindpuntVan(ctx, req.params.code);
  });

  api.put('/api/v1/beheer/gemeenten/:code/eindpunt', {
    schema: {
      tags: ['beheer'], operationId: 'putGemeenteEindpunt', summary: 'Eigen of gedeeld (RMC) eindpunt voor de signalen van een gemeente', params: gemeentecode,
      body: z.strictObject({ ontvangerOin: oin }),
      response: { 200: eindpunt.describe('Het eindpunt na de wijziging') },
      'x-fouten': { ...ALLEEN_BEHEER, 404: 'Onbekende gemeente' },
    },
  }, async (req) => {
    const actor = requireSoort(req, 'beheer');
    await eindpuntInstellen(ctx, req.params.code, req.body.ontvangerOin, actor.oin);
    return eindpuntVan(ctx, req.params.code);
  });
}
