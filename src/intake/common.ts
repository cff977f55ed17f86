import type { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import type { Queryable } from '../db/db.ts';
import type { InvalidParam } from '../shared/errors.ts';
import { invalidParamsOf } from '../shared/validation.ts';
import { adresKey } from '../reference-data/store.ts';
import { berichtIdOf, type BerichtResultaat } from './resultaat.ts';

export interface Kandidaat<T> {
  index: number;
  bericht: T;
}

/**
 * Validates every message of a batch on its own: valid ones go on, each invalid one gets its own
 * result listing all its problems (field names relative to the message).
 */
export function parseBatch<S extends z.ZodType>(schema: S, raws: unknown[], results: BerichtResultaat[]): Kandidaat<z.output<S>>[] {
  const valid: Kandidaat<z.output<S>>[] = [];
  raws.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) valid.push({ index, bericht: parsed.data });
    else results[index] = afgewezen(raw, invalidParamsOf(parsed.error));
  });
  return valid;
}

export function afgewezen(raw: unknown, problemen: InvalidParam[]): BerichtResultaat {
  return { berichtId: berichtIdOf(raw), resultaat: 'AFGEWEZEN', problemen };
}

/** Keeps the candidates without problems; the others get an AFGEWEZEN result. */
export function rejectWhere<T>(candidates: Kandidaat<T>[], results: BerichtResultaat[], problemsOf: (m: T) => InvalidParam[]): Kandidaat<T>[] {
  return candidates.filter((c) => {
    const problems = problemsOf(c.bericht);
    if (problems.length === 0) return true;
    results[c.index] = afgewezen(c.bericht, problems);
    return false;
  });
}

export { unique } from '../shared/collections.ts';
import { unique } from '../shared/collections.ts';

/** The distinct Dutch addresses of a batch, for one woongemeente lookup per batch. */
export function adressenVan(berichten: { postcode?: string; huisnummer?: number }[]): { postcode: string; huisnummer: number }[] {
  return unique(berichten.flatMap((b) => (b.postcode ? [adresKey(b.postcode, b.huisnummer!)] : [])))
    .map((k) => ({ postcode: k.split(':')[0]!, huisnummer: Number(k.split(':')[1]) }));
}

/**
 * An incoming batch's transaction, as many at once as `intakeBeurt` allows (the lock table's share of
 * this process, src/intake/sloten.ts), timed for the metrics from its start to its commit.
 */
export function intakeTransactie<T>(ctx: AppContext, berichttype: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return ctx.intakeBeurt(async () => {
    const klaar = ctx.metrics.intakeDuration.startTimer({ berichttype });
    const result = await ctx.db.transaction(fn);
    klaar();
    return result;
  });
}
