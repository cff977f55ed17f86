import { z } from 'zod';
import { MAX_BATCH } from './resultaat.ts';

/**
 * The batch envelope. Messages are validated one by one by the intake (so one bad message does not
 * sink the other 999); the schema of a message is still published in the OpenAPI document.
 */
export function batchBody(message: z.ZodType, description: string) {
  const { $schema: _drop, ...itemSchema } = z.toJSONSchema(message, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return z.strictObject({
    berichten: z.array(z.unknown().meta(itemSchema)).min(1, 'minstens 1 bericht').max(MAX_BATCH, `hoogstens ${MAX_BATCH} berichten per aanvraag`),
  }).meta({ description });
}

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
  });
