import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';
import { sha256Hex } from '../shared/hash.ts';
import { verslagen } from './controle.ts';

const aantallen = z.record(z.string(), z.number());
const verslag = z.object({
  cyclus: z.number(), tijdstip: z.string(), verwijderd: aantallen,
  controle: z.object({ rijenOver: aantallen, pgnsVanCyclus: z.number(), pgnsGevonden: aantallen, eigenBewaartermijn: z.array(z.string()).optional() }), schoon: z.boolean(),
});

/**
 * The purge reports for beheer and the privacy officer (spec §14). Each says whether it can be
 * trusted: the stored text still has its hash, and that hash is the one the audit chain recorded.
 */
export function registerPurgeRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/beheer/opschoonverslagen', {
    schema: {
      tags: ['beheer'], operationId: 'listPurgeReports', summary: 'Opschoonverslagen per cyclus',
      description: 'Wat de purge per tabel verwijderde en de controle daarna: hoeveel pgn’s alleen deze cyclus kende, en in welke tabel er nog één van gevonden is (0 overal is schoon). '
        + '`hash` is de SHA-256 van `tekst`; `inAuditketen` zegt of het auditrecord van de purge diezelfde hash noemt.',
      response: { 200: z.object({ verslagen: z.array(z.object({ verslag, tekst: z.string(), hash: z.string(), hashKlopt: z.boolean(), inAuditketen: z.object({ seq: z.number() }).nullable() })) }).describe('De opschoonverslagen, nieuwste cyclus eerst') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    const out = [];
    for (const v of await verslagen(ctx.db)) {
      const record = await ctx.audit.latestOf('cyclus-opgeschoond', `opschoonverslag/${v.cyclus}`);
      out.push({
        verslag: JSON.parse(v.tekst), tekst: v.tekst, hash: v.hash,
        hashKlopt: sha256Hex(v.tekst) === v.hash,
        inAuditketen: record?.uitkomst.endsWith(`sha256:${v.hash}`) ? { seq: record.seq } : null,
      });
    }
    return { verslagen: out };
  });
}
