import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { oin } from '../identity/schemas.ts';
import * as store from './store.ts';
import { registerWebhook, urlProbleem, webhookStatus } from './webhook-service.ts';
import { TEKST_META, tekst } from '../shared/validation.ts';
import { secretProblem } from './signing.ts';

/**
 * A signing secret in Standard Webhooks form (`whsec_` + base64 of 24–64 random bytes), which the
 * receiver gives its verification library as it is. The older form (any text of 32+ characters, its
 * bytes the key) is still taken; its Standard Webhooks form is `whsec_` + base64 of that text.
 */
const webhookGeheim = tekst().max(256).check((ctx) => {
  const probleem = secretProblem(ctx.value);
  if (probleem) ctx.issues.push({ code: 'custom', message: probleem, input: ctx.value });
}).meta({ description: 'Standard Webhooks: whsec_ + base64 van 24–64 willekeurige bytes', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';

const opnieuw = z.object({ opnieuw: z.number() }).describe('Hoeveel dode letters weer in de wachtrij staan');
const status = z.object({ url: z.string().nullable(), actief: z.boolean(), geheimen: z.number(), reden: z.string().nullable(), wachtend: z.number(), dodeLetters: z.number() });

export function registerDeliveryRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.put('/api/v1/webhook', {
    schema: {
      tags: ['levering'], operationId: 'putWebhook', summary: 'Eigen push-eindpunt registreren, wijzigen (sleutelrotatie: meerdere geheimen) of verwijderen (url null)',
      body: z.strictObject({
        url: tekst().max(2000).check((c) => {
          const probleem = urlProbleem(c.value, ctx.config.delivery.allowLoopbackHttp);
          if (probleem) c.issues.push({ code: 'custom', message: probleem, input: c.value });
        }).meta({ [TEKST_META]: 'geen NUL (U+0000) en geldige Unicode (geen losse surrogaat)' }).nullable(),
        geheimen: z.array(webhookGeheim).min(1).max(3).optional(),
      }),
      response: { 200: status.describe('De stand van het eindpunt na de wijziging') },
    },
  }, async (req, reply) => registerWebhook(ctx, req.actor, req.body.url, req.body.geheimen, reply.getHeader('traceparent')?.toString()));

  api.get('/api/v1/webhook', {
    schema: { tags: ['levering'], operationId: 'getWebhook', summary: 'Stand van het eigen push-eindpunt', response: { 200: status.describe('De stand van het eindpunt') } },
  }, async (req) => webhookStatus(ctx, req.actor));

  api.get('/api/v1/beheer/afleveringen', {
    schema: {
      tags: ['beheer'], operationId: 'listAfleveringen', summary: 'Afleveringen (achterstand, dode letters)',
      querystring: z.strictObject({ status: z.enum(['wacht', 'afgeleverd', 'dode-letter']).optional(), ontvangerOin: oin.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ afleveringen: z.array(z.object({ eventId: z.string(), ontvangerOin: z.string(), status: z.string(), pogingen: z.number(), eerstePoging: z.date().nullable(), volgendePoging: z.date().nullable(), laatsteFout: z.string().nullable(), type: z.string() })) }).describe('De afleveringen') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return { afleveringen: await store.listDeliveries(ctx.db, req.query) };
  });

  api.post('/api/v1/beheer/afleveringen/:eventId/opnieuw', {
    schema: { tags: ['beheer'], operationId: 'replayAflevering', summary: 'Een dode letter opnieuw afleveren', params: z.object({ eventId: z.uuid() }), response: { 200: opnieuw }, 'x-fouten': ALLEEN_BEHEER },
  }, async (req) => {
    const actor = requireSoort(req, 'beheer');
    return replay(ctx, actor.oin, { eventId: req.params.eventId });
  });

  api.post('/api/v1/beheer/afleveringen/opnieuw', {
    schema: { tags: ['beheer'], operationId: 'replayAfleveringen', summary: 'Alle dode letters van een ontvanger opnieuw afleveren', body: z.strictObject({ ontvangerOin: oin }), response: { 200: opnieuw }, 'x-fouten': ALLEEN_BEHEER },
  }, async (req) => {
    const actor = requireSoort(req, 'beheer');
    return replay(ctx, actor.oin, { ontvangerOin: req.body.ontvangerOin });
  });
}

async function replay(ctx: AppContext, door: string, filter: { eventId?: string; ontvangerOin?: string }) {
  const recipients = await ctx.db.transaction(async (tx) => {
    const r = await store.replay(tx, filter);
    await ctx.audit.append(tx, [{ actorOin: door, actie: 'aflevering-opnieuw', resource: filter.eventId ? `aflevering/${filter.eventId}` : `ontvanger/${filter.ontvangerOin}`, doel: 'beheer', uitkomst: String(r.length) }]);
    return r;
  });
  ctx.onUitgaand();
  return { opnieuw: recipients.length };
}
