import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSoort } from '../http/auth.ts';
import { moment } from '../shared/validation.ts';
import { oin, tokenUitvoer } from './schemas.ts';
import type { IdentityService } from './service.ts';

const params = z.object({ oin, id: z.uuid('id: een UUID') });

/** Beheer lists, ends and revokes an organisation's tokens (issue 12.7); each call is audited. */
export function registerTokenRoutes(app: FastifyInstance, identity: IdentityService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const door = (req: { actor: { oin: string; gebruiker: string | null }; traceId: string }) => ({ oin: req.actor.oin, gebruiker: req.actor.gebruiker, traceId: req.traceId });

  api.get('/api/v1/beheer/organisaties/:oin/tokens', {
    schema: {
      tags: ['beheer'], operationId: 'listTokens', summary: 'API-tokens van een organisatie, met hun stand (nooit het token zelf)',
      params: z.object({ oin }), response: { 200: z.object({ tokens: z.array(tokenUitvoer) }).describe('De tokens van de organisatie (nooit het token zelf)') },
      'x-fouten': { ...ALLEEN_BEHEER, 404: 'Geen organisatie met deze OIN' },
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return { tokens: await identity.tokens.list(req.params.oin, door(req)) };
  });

  api.patch('/api/v1/beheer/organisaties/:oin/tokens/:id', {
    schema: {
      tags: ['beheer'], operationId: 'updateToken', summary: 'Verloopmoment van een token zetten (nu of eerder: het werkt meteen niet meer) of weghalen (null)',
      params, body: z.strictObject({ verloopt: moment('verloopt: ISO-8601-datum-tijd met tijdzone').nullable() }), response: { 200: tokenUitvoer.describe('Het token met zijn nieuwe einde') },
      'x-fouten': { ...ALLEEN_BEHEER, 404: 'Geen token met dit id bij deze organisatie', 409: 'Het token is ingetrokken' },
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return identity.tokens.expire(req.params.oin, req.params.id, req.body.verloopt ? new Date(req.body.verloopt) : null, door(req));
  });

  api.delete('/api/v1/beheer/organisaties/:oin/tokens/:id', {
    schema: { tags: ['beheer'], operationId: 'revokeToken', summary: 'Token intrekken (meteen; nog eens intrekken verandert niets)', params, response: { 200: tokenUitvoer.describe('Het ingetrokken token') }, 'x-fouten': { ...ALLEEN_BEHEER, 404: 'Geen token met dit id bij deze organisatie' } },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return identity.tokens.revoke(req.params.oin, req.params.id, door(req));
  });
}
