import type { AppContext } from '../app/context.ts';
import { middernacht } from '../calendar/calendar.ts';
import type { Actor } from '../identity/service.ts';
import { amsterdamDate } from '../shared/clock.ts';
import { VvaError } from '../shared/errors.ts';
import * as store from './store.ts';

/** Cells based on fewer pupils than this are shown as "<5" (spec §15). */
export const MIN_CEL = 5;

export const NIVEAUS = ['nationaal', 'rmc', 'gemeente', 'vo-school', 'mbo-instelling'] as const;
export type Niveau = (typeof NIVEAUS)[number];

/** Freezes today's aggregates of a cycle (idempotent per day: a recomputation replaces the day). */
export async function bevriesDag(ctx: AppContext, cyclus: number, dag = amsterdamDate(ctx.clock.now())): Promise<number> {
  const aanmelddatum = middernacht((await ctx.calendar.kalender(cyclus)).aanmelddatum);
  return ctx.db.transaction(async (tx) => {
    const cellen = [...(await store.leerlingIndicatoren(tx, cyclus, aanmelddatum)), ...(await store.instellingIndicatoren(tx, cyclus))];
    await store.replaceDag(tx, cyclus, dag, cellen);
    return cellen.length;
  });
}

/** Once per day per process tick: today's aggregates of the current cycle, if not yet frozen. */
export async function dagelijks(ctx: AppContext, cyclus: number): Promise<boolean> {
  const dag = amsterdamDate(ctx.clock.now());
  if (await store.heeftDag(ctx.db, cyclus, dag)) return false;
  await bevriesDag(ctx, cyclus, dag);
  return true;
}

/** Each party sees its own level (and the national figures); beheer sees every level (spec §15). */
function magZien(actor: Actor, niveau: Niveau, code: string): boolean {
  if (actor.soort === 'beheer' || niveau === 'nationaal') return true;
  if (niveau === 'vo-school') return actor.soort === 'vo-school' && actor.brin === code;
  if (niveau === 'mbo-instelling') return actor.soort === 'mbo-instelling' && actor.brin === code;
  if (niveau === 'gemeente') return actor.soort === 'gemeente' && actor.gemeentecode === code;
  if (niveau === 'rmc') return actor.soort === 'rmc-regio' && actor.rmcCode === code;
  return false;
}

export async function statistieken(ctx: AppContext, actor: Actor, niveau: Niveau, code: string, cyclus?: number) {
  if (!magZien(actor, niveau, code)) throw VvaError.forbidden('Alleen het eigen niveau (en de landelijke cijfers) is zichtbaar.');
  const rows = await store.reeks(ctx.db, niveau, niveau === 'nationaal' ? 'NL' : code, cyclus);
  const perCyclus = new Map<number, { cyclus: number; dag: string; indicatoren: Record<string, number | '<5' | null> }>();
  for (const r of rows) {
    const entry = perCyclus.get(r.cyclus) ?? { cyclus: r.cyclus, dag: r.dag, indicatoren: {} };
    entry.indicatoren[r.indicator] = r.waarde === null ? null : r.n < MIN_CEL ? '<5' : Math.round(r.waarde * 10) / 10;
    perCyclus.set(r.cyclus, entry);
  }
  return { niveau, code: niveau === 'nationaal' ? 'NL' : code, reeks: [...perCyclus.values()] };
}

export function alsCsv(result: Awaited<ReturnType<typeof statistieken>>): string {
  const lines = ['niveau;code;cyclus;dag;indicator;waarde'];
  for (const c of result.reeks) for (const [k, v] of Object.entries(c.indicatoren)) lines.push([result.niveau, result.code, c.cyclus, c.dag, k, v ?? ''].join(';'));
  return lines.join('\n') + '\n';
}
