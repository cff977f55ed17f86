import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { requireSoort } from '../../http/auth.ts';
import { ALLEEN_BEHEER } from '../../http/openapi-fouten.ts';
import { sha256Hex } from '../../shared/hash.ts';
import { BewaartermijnService } from './service.ts';
import * as store from './store.ts';

const aantallen = z.record(z.string(), z.number());
const uitkomst = z.object({
  waarschuwingen: z.object({ verstuurd: z.number(), geenMailer: z.number(), geenAdres: z.number(), mislukt: z.number() }),
  verwijderd: aantallen,
  verslag: z.object({ id: z.number(), hash: z.string(), schoon: z.boolean() }).nullable().meta({ description: 'Null als er niets gewaarschuwd of verwijderd is' }),
});
const verslag = z.object({
  aanleiding: z.enum(['bewaartermijn', 'verzoek']), tijdstip: z.string(), waarschuwingen: aantallen.optional(), verwijderd: aantallen,
  controle: z.object({ pgns: z.number(), pgnsGevonden: aantallen }), schoon: z.boolean(),
});

/**
 * Beheer's side of Centraal Aanmelden's retention (spec §17): run it now (the hub also runs it daily),
 * and read the reports — each says whether it can be trusted: the stored text still has its hash,
 * and the audit chain recorded that hash.
 */
export function registerBewaartermijnRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const bewaar = new BewaartermijnService(ctx);

  api.post('/api/v1/beheer/centraal-aanmelden/bewaartermijn', {
    schema: {
      tags: ['beheer'], operationId: 'runCaBewaartermijn', summary: 'De bewaartermijn van Centraal Aanmelden nu toepassen (waarschuwen, verwijderen, verslag)',
      description: 'Wat de dagelijkse taak ook doet: studenten wier omgeving binnen een maand verloopt krijgen een waarschuwing per e-mail, omgevingen voorbij hun termijn gaan met hun aanmeldingen, '
        + 'en het verslag zoekt daarna de pgn’s van de verwijderde studenten in de tabellen van Centraal Aanmelden. Tegelijk met de dagelijkse taak verwijdert het niemand twee keer.',
      response: { 200: uitkomst.describe('Wat er gewaarschuwd en verwijderd is, en het verslag') }, 'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return bewaar.voerUit();
  });

  api.get('/api/v1/beheer/centraal-aanmelden/bewaartermijn', {
    schema: {
      tags: ['beheer'], operationId: 'previewCaBewaartermijn', summary: 'Wat de bewaartermijn van Centraal Aanmelden nu zou doen (alleen aantallen, er verandert niets)',
      response: { 200: z.object({ waarschuwen: z.number(), verwijderenBewaartermijn: z.number(), verwijderenLeegProfiel: z.number(), resten: z.number(), restenOpTeRuimen: z.number() }).describe('De aantallen') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return bewaar.vooruitblik();
  });

  api.get('/api/v1/beheer/centraal-aanmelden/bewaarverslagen', {
    schema: {
      tags: ['beheer'], operationId: 'listCaBewaarverslagen', summary: 'Verslagen van de bewaartermijn van Centraal Aanmelden, nieuwste eerst',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ verslagen: z.array(z.object({ id: z.number(), verslag, tekst: z.string(), hash: z.string(), hashKlopt: z.boolean(), inAuditketen: z.object({ seq: z.number() }).nullable() })) }).describe('De verslagen') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    const out = [];
    for (const v of await store.verslagen(ctx.db, req.query.limit)) {
      const record = await ctx.audit.latestOf('ca-bewaarverslag-vastgelegd', `ca-bewaarverslag/${v.id}`);
      out.push({
        id: v.id, verslag: JSON.parse(v.tekst), tekst: v.tekst, hash: v.hash, hashKlopt: sha256Hex(v.tekst) === v.hash,
        inAuditketen: record?.uitkomst.endsWith(`sha256:${v.hash}`) ? { seq: record.seq } : null,
      });
    }
    return { verslagen: out };
  });
}
