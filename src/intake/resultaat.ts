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

/** The berichtId of a message even when the rest of it is invalid, so the sender can match results. */
export function berichtIdOf(raw: unknown): string | null {
  const id = (raw as { berichtId?: unknown } | null)?.berichtId;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}
