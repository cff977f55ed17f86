import { z } from 'zod';
import { MAX_BATCH } from './resultaat.ts';

/**
 * The batch envelope. Messages are validated one by one by the intake (so one bad message does not
 * sink the other 999); the schema of a message is still published in the OpenAPI document.
 */
export function batchBody(message: z.ZodType, description: string, voorbeeld: Record<string, unknown>) {
  const { $schema: _drop, ...itemSchema } = z.toJSONSchema(message, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return z.strictObject({
    berichten: z.array(z.unknown().meta({ ...itemSchema, examples: [voorbeeld] })).min(1, 'minstens 1 bericht').max(MAX_BATCH, `hoogstens ${MAX_BATCH} berichten per aanvraag`),
  }).meta({ description, examples: [{ berichten: [voorbeeld] }] });
}

/**
 * The address of the examples is abroad (woonland, no postcode): the ADR linter (nlgov:problem-invalid-input)
 * takes any example field whose name contains "post" for a POST operation and fails the document.
 */
export const VOORBEELD_BUITENLAND = { woonland: '5010' };

const probleem = z.object({ name: z.string(), reason: z.string(), code: z.string().optional() });
const resultaat = z.enum(['VERWERKT', 'VEROUDERD', 'DUPLICAAT', 'AFGEWEZEN']);

export const batchResponse = (metElders: boolean) =>
  z.object({
    resultaten: z.array(z.object({
      berichtId: z.string().nullable(),
      resultaat,
      problemen: z.array(probleem).optional(),
      origineel: resultaat.optional(),
      ...(metElders ? { eldersAangemeld: z.boolean().optional() } : {}),
    })),
  }).describe('Per bericht, in de volgorde van de aanvraag: VERWERKT, VEROUDERD, DUPLICAAT (met het oorspronkelijke resultaat) of AFGEWEZEN met alle problemen');
