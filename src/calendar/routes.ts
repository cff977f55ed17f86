import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { runDueMilestones } from '../milestones/runner.ts';
import { ManualClock } from '../shared/clock.ts';
import { VvaError } from '../shared/errors.ts';
import { datum, moment } from '../shared/validation.ts';
import { MIJLPALEN } from './calendar.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';

const cyclusParam = z.object({ cyclus: z.coerce.number().int().min(2020).max(2100) });
const mijlpaalRegel = z.object({ mijlpaal: z.enum(MIJLPALEN), datum: z.iso.date(), standaard: z.iso.date(), voltooid: z.date().nullable(), uitkomst: z.unknown() });
const kalender = z.object({ cyclus: z.number(), mijlpalen: z.array(mijlpaalRegel) });

export function registerCalendarRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/beheer/kalender/:cyclus', {
    schema: { tags: ['beheer'], operationId: 'getKalender', summary: 'Kalender van een cyclus met uitgevoerde mijlpalen', params: cyclusParam, response: { 200: kalender.describe('De mijlpalen van de cyclus') }, 'x-fouten': ALLEEN_BEHEER },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return { cyclus: req.params.cyclus, mijlpalen: await ctx.calendar.overzicht(req.params.cyclus) };
  });

  api.put('/api/v1/beheer/kalender/:cyclus', {
    schema: {
      tags: ['beheer'], operationId: 'putKalender', summary: 'Datums van mijlpalen wijzigen (alleen vóórdat ze verstrijken)', params: cyclusParam,
      body: z.strictObject({ mijlpalen: z.partialRecord(z.enum(MIJLPALEN), datum()) }),
      response: { 200: kalender.describe('De kalender na de wijziging') }, 'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    const actor = requireSoort(req, 'beheer');
    await ctx.calendar.wijzig(req.params.cyclus, req.body.mijlpalen, actor.oin);
    return { cyclus: req.params.cyclus, mijlpalen: await ctx.calendar.overzicht(req.params.cyclus) };
  });

  // The manual clock exists only when the hub was started with VVA_CLOCK=manual (tests, simulation).
  const clock = ctx.clock;
  if (!(clock instanceof ManualClock)) return;
  api.put('/api/v1/beheer/klok', {
    schema: {
      tags: ['beheer'], operationId: 'putKlok', summary: 'De handmatige klok vooruitzetten; verstreken mijlpalen lopen vóór het antwoord',
      body: z.strictObject({ nu: moment() }),
      response: { 200: z.object({ nu: z.string(), uitgevoerd: z.array(z.object({ cyclus: z.number(), mijlpaal: z.string(), uitkomst: z.unknown() })) }).describe('De nieuwe tijd en de mijlpalen die liepen') },
      'x-fouten': ALLEEN_BEHEER,
    },
  }, async (req) => {
    requireSoort(req, 'beheer');
    const to = new Date(req.body.nu);
    if (to.getTime() < clock.now().getTime()) throw VvaError.invalid([{ name: 'nu', reason: 'de klok gaat alleen vooruit' }]);
    // Facts recorded before the move are distributed first, then the milestones the move passed run.
    await ctx.distributor.drain();
    clock.set(to);
    const uitgevoerd = await runDueMilestones(ctx);
    await ctx.distributor.drain();
    return { nu: clock.now().toISOString(), uitgevoerd };
  });
}
