import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { pgn } from '../domain/pgn.ts';
import { requireSoort } from '../http/auth.ts';
import { haalStatussen, registreerIdentiteiten } from './service.ts';

// PGNs go in the body, never in a URL (spec §18).
const body = z.strictObject({ pgns: z.array(pgn).min(1).max(1000) });
const ALLEEN_OVERSTAP = { 403: 'Alleen voor een overstapsysteem' };

export function registerOverstapRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post('/api/v1/overstapsystemen/identiteiten', {
    schema: {
      tags: ['overstapsystemen'], operationId: 'postIdentiteiten', summary: 'PGN’s registreren om te volgen (binnen de mandaten van de aangesloten scholen/gemeenten)',
      body, response: { 200: z.object({ cyclus: z.number(), resultaten: z.array(z.object({ pgn: z.string(), resultaat: z.enum(['GEREGISTREERD', 'GEWEIGERD']) })) }).describe('Per PGN: geregistreerd, of geweigerd (buiten de mandaten)') },
      'x-fouten': ALLEEN_OVERSTAP,
    },
  }, async (req) => registreerIdentiteiten(ctx, requireSoort(req, 'overstapsysteem'), req.body.pgns, req.traceId));

  api.post('/api/v1/overstapsystemen/statussen', {
    schema: {
      tags: ['overstapsystemen'], operationId: 'postStatussen', summary: 'Huidige aanmeldstatussen (instelling, crebo, status) van geregistreerde PGN’s',
      body,
      response: { 200: z.object({ cyclus: z.number(), leerlingen: z.array(z.object({ pgn: z.string(), geregistreerd: z.boolean(), aanmeldingen: z.array(z.object({ brinMbo: z.string(), crebo: z.string().nullable(), status: z.string() })) })) }).describe('Per PGN de huidige aanmeldingen; niets van PGN’s die het niet registreerde') },
      'x-fouten': ALLEEN_OVERSTAP,
    },
  }, async (req) => haalStatussen(ctx, requireSoort(req, 'overstapsysteem'), req.body.pgns, req.traceId));
}
