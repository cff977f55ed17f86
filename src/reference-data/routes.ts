import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { requireSoort } from '../http/auth.ts';
import { referenceCounts } from './store.ts';
import { ALLEEN_BEHEER } from '../http/openapi-fouten.ts';

export function registerReferenceRoutes(app: FastifyInstance, { db }: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/beheer/referentiegegevens', {
    schema: { tags: ['beheer'], operationId: 'getReferentiegegevens', summary: 'Omvang van de geladen referentiegegevens', response: { 200: z.record(z.string(), z.number()).describe('Aantal rijen per soort referentiegegevens') }, 'x-fouten': ALLEEN_BEHEER },
  }, async (req) => {
    requireSoort(req, 'beheer');
    return referenceCounts(db);
  });
}
