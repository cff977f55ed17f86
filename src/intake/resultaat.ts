import { berichtIdSchema } from '../domain/bericht-velden.ts';
import type { InvalidParam } from '../shared/errors.ts';

export type Resultaat = 'VERWERKT' | 'VEROUDERD' | 'DUPLICAAT' | 'AFGEWEZEN';

/** The acknowledgement of one message in a batch, in request order (Appendix A). */
export interface BerichtResultaat {
  berichtId: string | null;
  resultaat: Resultaat;
  problemen?: InvalidParam[];
  /** With DUPLICAAT: the result the message got when it was first received (it has no effect again). */
  origineel?: Resultaat;
  eldersAangemeld?: boolean;
}

export const MAX_BATCH = 1000;

/** Counts a batch's results on `vva_intake_berichten_total`; called after its transaction committed. */
export function telResultaten(metrics: { intake: { inc(labels: { berichttype: string; resultaat: string }): void } }, berichttype: string, results: BerichtResultaat[]) {
  for (const r of results) metrics.intake.inc({ berichttype, resultaat: r.resultaat });
}

/**
 * The berichtId of a message even when the rest of it is invalid, so the sender can match results —
 * but only a real UUID: the id ends up in the results and the audit resource, and anything else (a
 * NUL, a PGN someone put there) must not. The results are in request order, so `null` still matches.
 */
export function berichtIdOf(raw: unknown): string | null {
  const id = (raw as { berichtId?: unknown } | null)?.berichtId;
  return berichtIdSchema.safeParse(id).success ? (id as string) : null;
}
