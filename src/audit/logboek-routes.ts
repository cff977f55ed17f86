import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { PUBLIC_ROUTE, requireSoort } from '../http/auth.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';
import { API_VERSION } from '../http/openapi.ts';
import { VvaError } from '../shared/errors.ts';
import { moment, tekst } from '../shared/validation.ts';
import { naarLdv } from './logboek.ts';
import { VERWERKINGSACTIVITEITEN } from './verwerkingsactiviteiten.ts';

const kv = z.object({ key: z.string(), value: z.string() });
const ldv = z.object({
  trace_id: z.string(), span_id: z.string(), name: z.string(), start_time: z.number(), end_time: z.number(),
  status_code: z.enum(['STATUS_CODE_OK', 'STATUS_CODE_ERROR']), resource: z.object({ attributes: z.array(kv) }), attributes: z.array(kv),
});
const activiteit = z.object({
  id: z.string(), naam: z.string(), doel: z.string(), grondslag: z.string(), betrokkenen: z.string(), gegevens: z.string(), ontvangers: z.string(), bewaartermijn: z.string(),
});

const registerUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}/api/v1/verwerkingsactiviteiten`;

/**
 * The audit log as a Logboek Dataverwerkingen export for beheer, and the register of processing
 * activities its records point to: public, since it holds no personal data and every reader of a
 * log line (a privacy officer, a pupil's inzage) must be able to resolve what it refers to.
 */
export function registerLogboekRoutes(app: FastifyInstance, { audit }: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/beheer/audit/logboek', {
    schema: {
      tags: ['beheer'], operationId: 'exportLogboekDataverwerkingen', summary: 'Auditlog als Logboek Dataverwerkingen (Logius)',
      description: 'Records in ketenvolgorde; `volgende` is de `na` van de volgende pagina (null: klaar).',
      querystring: z.strictObject({ na: z.coerce.number().int().min(0).default(0), van: moment().optional(), tot: moment().optional(), limit: z.coerce.number().int().min(1).max(10_000).default(1000) }),
      response: { 200: z.object({ records: z.array(ldv), volgende: z.number().nullable() }).describe('Een pagina van het logboek') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    const q = req.query;
    const page = await audit.exportPage({ na: q.na, van: q.van ? new Date(q.van) : undefined, tot: q.tot ? new Date(q.tot) : undefined, limit: q.limit });
    const opts = { registerUrl: registerUrl(req), versie: API_VERSION };
    return { records: page.map((r) => naarLdv(r, opts)), volgende: page.length === q.limit ? page.at(-1)!.seq : null };
  });

  api.get('/api/v1/verwerkingsactiviteiten', {
    config: PUBLIC_ROUTE,
    schema: { tags: ['audit'], operationId: 'listVerwerkingsactiviteiten', summary: 'Register van verwerkingsactiviteiten', security: [], response: { 200: z.object({ verwerkingsactiviteiten: z.array(activiteit) }).describe('Het register') } },
  }, async () => ({ verwerkingsactiviteiten: [...VERWERKINGSACTIVITEITEN] }));

  api.get('/api/v1/verwerkingsactiviteiten/:id', {
    config: PUBLIC_ROUTE,
    schema: { tags: ['audit'], operationId: 'getVerwerkingsactiviteit', summary: 'Eén verwerkingsactiviteit', security: [], params: z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,100}$/) }), response: { 200: activiteit.describe('De verwerkingsactiviteit') }, 'x-fouten': { 404: 'Geen verwerkingsactiviteit met dit id' } },
  }, async (req) => {
    const a = VERWERKINGSACTIVITEITEN.find((v) => v.id === req.params.id);
    if (!a) throw VvaError.notFound(`geen verwerkingsactiviteit '${req.params.id}'`);
    return a;
  });
}
