import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { pgn } from '../domain/pgn.ts';
import { moment, tekst } from '../shared/validation.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';

const zoekopdracht = z
  .strictObject({
    actorOin: tekst().optional(),
    pgn: pgn.optional(),
    // Beheer sees nothing about a pupil without recording why (spec §12, §16).
    reden: tekst().trim().min(5).max(500).optional(),
    van: moment().optional(),
    tot: moment().optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .refine((s) => !s.pgn || s.reden, { path: ['reden'], message: 'verplicht bij zoeken op pgn' });

const record = z.object({
  seq: z.number(), tijdstip: z.date(), actorOin: z.string().nullable(), gebruiker: z.string().nullable(), actie: z.string(),
  resource: z.string(), pgnPseudoniem: z.string().nullable(), doel: z.string(), traceId: z.string().nullable(), uitkomst: z.string(),
});

const verificatie = z.object({
  ok: z.boolean(), records: z.number().describe('gecontroleerde schakels'), vanaf: z.number(), tot: z.number(), checkpoints: z.number(),
  problemen: z.array(z.object({ seq: z.number(), probleem: z.string(), detail: z.string() })),
});
const checkpoint = z.object({ seq: z.number(), hash: z.string(), tijdstip: z.date(), handtekening: z.string() });

export function registerAuditRoutes(app: FastifyInstance, { audit }: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  // POST, not GET: a PGN never appears in a URL (spec §18).
  api.post('/api/v1/beheer/audit/zoekopdrachten', {
    schema: { tags: ['beheer'], operationId: 'searchAudit', summary: 'Auditlog doorzoeken', body: zoekopdracht, response: { 200: z.object({ records: z.array(record) }).describe('De gevonden records') }, 'x-fouten': ALLEEN_BEHEER },
  }, async (req) => {
    const actor = requireSoort(req, 'beheer');
    const s = req.body;
    const pseudoniem = s.pgn ? audit.pseudonym(s.pgn) : undefined;
    if (s.pgn) {
      await audit.record([{ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'audit-gezocht-op-pgn', resource: 'audit', pgn: s.pgn, doel: `beheer: ${s.reden}`, traceId: req.traceId, uitkomst: 'ok' }]);
    }
    const records = await audit.search({ actorOin: s.actorOin, pgnPseudoniem: pseudoniem, van: s.van ? new Date(s.van) : undefined, tot: s.tot ? new Date(s.tot) : undefined, limit: s.limit });
    return { records };
  });

  api.get('/api/v1/beheer/audit/verificatie', {
    schema: {
      tags: ['beheer'], operationId: 'verifyAudit', summary: 'Hashketen van de auditlog controleren',
      description: 'Controleert alle checkpoints (handtekening, en dat de keten daar nog dezelfde hash heeft) en de schakels: '
        + 'standaard vanaf het eerste record, met `incrementeel=true` vanaf het laatste checkpoint dat klopt. '
        + 'Leest in pagina’s, zodat de API intussen gewoon antwoordt.',
      querystring: z.strictObject({ incrementeel: z.enum(['true', 'false']).default('false') }),
      response: { 200: verificatie.describe('De uitkomst van de controle, met elke breuk in de keten') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    const r = await audit.verify({ incrementeel: req.query.incrementeel === 'true' });
    return { ok: r.ok, records: r.records, vanaf: r.vanaf, tot: r.tot, checkpoints: r.checkpoints, problemen: r.problems.map((p) => ({ seq: p.seq, probleem: p.problem, detail: p.detail })) };
  });

  api.get('/api/v1/beheer/audit/checkpoints', {
    schema: {
      tags: ['beheer'], operationId: 'listAuditCheckpoints', summary: 'Ondertekende checkpoints van de auditketen',
      description: 'Om buiten de hub te bewaren: met de publieke sleutel bewijst een kopie later wat de keten op dat moment was '
        + '(`vva audit verify --checkpoints <bestand>`).',
      querystring: z.strictObject({ na: z.coerce.number().int().min(0).optional() }),
      response: { 200: z.object({ publiekeSleutel: z.string(), algoritme: z.literal('Ed25519'), checkpoints: z.array(checkpoint) }).describe('De checkpoints met de publieke sleutel om ze te controleren') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    const checkpoints = await audit.checkpoints(req.query.na);
    return { publiekeSleutel: audit.signer.publicKeyPem(), algoritme: 'Ed25519' as const, checkpoints };
  });
}
