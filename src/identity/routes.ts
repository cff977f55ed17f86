import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { SOORTEN } from './oin.ts';
import { mandaatInvoer, oin, organisatieInvoer, organisatieUitvoer, tokenInvoer } from './schemas.ts';
import { registerTokenRoutes } from './token-routes.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';

const mandaatUitvoer = z.object({ id: z.number(), leverancierOin: z.string(), schoolOin: z.string(), van: z.string(), tot: z.string().nullable() });

export function registerIdentityRoutes(app: FastifyInstance, { identity }: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/identiteit', {
    schema: {
      tags: ['identiteit'], operationId: 'getIdentiteit', summary: 'De organisatie waarvoor deze aanvraag geldt',
      response: { 200: z.object({ oin: z.string(), soort: z.enum(SOORTEN), naam: z.string(), brin: z.string().nullable(), gemeentecode: z.string().nullable(), rmcCode: z.string().nullable(), via: z.enum(['token', 'certificaat']) }).describe('De organisatie, en of zij zich met een token of certificaat aanmeldde') },
    },
  }, async (req) => {
    const { oin: o, soort, naam, brin, gemeentecode, rmcCode, via } = req.actor;
    return { oin: o, soort, naam, brin, gemeentecode, rmcCode, via };
  });

  api.get('/api/v1/beheer/organisaties', {
    schema: {
      tags: ['beheer'], operationId: 'listOrganisaties', summary: 'Organisaties',
      querystring: z.strictObject({ soort: z.enum(SOORTEN).optional() }),
      response: { 200: z.object({ organisaties: z.array(organisatieUitvoer) }).describe('De organisaties') }, 'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return { organisaties: await identity.listOrganisations(req.query.soort) };
  });

  api.post('/api/v1/beheer/organisaties', {
    schema: {
      tags: ['beheer'], operationId: 'createOrganisatie', summary: 'Organisatie aanmaken', body: organisatieInvoer, response: { 201: organisatieUitvoer.describe('Aangemaakt') },
      'x-fouten': { ...ALLEEN_BEHEER, 409: 'De OIN bestaat al, of er is al een organisatie van deze soort voor die BRIN, gemeente of RMC-regio' },
    },
  }, async (req, reply) => {
    requireSoort(req, 'beheer');
    reply.status(201);
    return identity.addOrganisation(req.body, req.actor.oin);
  });

  api.post('/api/v1/beheer/organisaties/:oin/tokens', {
    schema: {
      tags: ['beheer'], operationId: 'createToken', summary: 'API-token uitgeven (wordt één keer getoond)',
      params: z.object({ oin }), body: tokenInvoer, response: { 201: z.object({ id: z.string(), token: z.string() }).describe('Het nieuwe token; alleen nu te zien (de hub bewaart een hash)') },
      'x-fouten': { ...ALLEEN_BEHEER, 404: 'Geen organisatie met deze OIN' },
    },
  }, async (req, reply) => {
    requireSoort(req, 'beheer');
    reply.status(201);
    const { verloopt, ...opts } = req.body;
    return identity.issueToken(req.params.oin, { ...opts, verloopt: verloopt ? new Date(verloopt) : null }, { oin: req.actor.oin, gebruiker: req.actor.gebruiker, traceId: req.traceId });
  });
  registerTokenRoutes(api, identity);

  api.get('/api/v1/beheer/mandaten', {
    schema: {
      tags: ['beheer'], operationId: 'listMandaten', summary: 'Mandaten leverancier → school',
      querystring: z.strictObject({ leverancierOin: oin.optional() }),
      response: { 200: z.object({ mandaten: z.array(mandaatUitvoer) }).describe('De mandaten') }, 'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return { mandaten: await identity.listMandates(req.query.leverancierOin) };
  });

  api.post('/api/v1/beheer/mandaten', {
    schema: { tags: ['beheer'], operationId: 'createMandaat', summary: 'Mandaat vastleggen', body: mandaatInvoer, response: { 201: mandaatUitvoer.describe('Vastgelegd') }, 'x-fouten': ALLEEN_BEHEER },
  }, async (req, reply) => {
    requireSoort(req, 'beheer');
    reply.status(201);
    return identity.addMandate(req.body, req.actor.oin);
  });
}
