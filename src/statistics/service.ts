import type { AppContext } from '../app/context.ts';
import { middernacht } from '../calendar/calendar.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Queryable } from '../db/db.ts';
import type { Actor } from '../identity/service.ts';
import { amsterdamDate } from '../shared/clock.ts';
import { VvaError } from '../shared/errors.ts';
import * as store from './store.ts';

/** Cells based on fewer pupils than this are shown as "<5" (spec §15). */
export const MIN_CEL = 5;

export const NIVEAUS = ['nationaal', 'rmc', 'gemeente', 'vo-school', 'mbo-instelling'] as const;
export type Niveau = (typeof NIVEAUS)[number];

/** A cell as shown: a number, `<5` for a small count, or null (a share or median over fewer than 5 is not given). */
export type Cel = number | '<5' | null;

// Shares, medians and percentiles: over fewer than 5 pupils they are not given at all, so `<5` always means a count.
const METING = /(Procent|Mediaan|P90)$/;

/** Spec §15: counts under 5 are `<5`; a share or a median over fewer than 5 pupils is null (see `reden`). */
export function celWaarde(indicator: string, waarde: number | null, n: number): Cel {
  if (waarde === null) return null;
  if (n < MIN_CEL) return METING.test(indicator) ? null : '<5';
  return Math.round(waarde * 10) / 10;
}

/** Why a cell is null, in the words of the answer; undefined when it has a value. */
function reden(indicator: string, waarde: number | null, n: number): string | undefined {
  if (waarde === null) return n === 0 ? 'geen leerlingen om over te rekenen' : 'niet te berekenen';
  if (n < MIN_CEL && METING.test(indicator)) return `over minder dan ${MIN_CEL} leerlingen niet gegeven (spec §15: <5 is alleen voor aantallen)`;
  return undefined;
}

/** Today's cells of a cycle, every level, computed from the live data (the calendar read before any transaction). */
async function cellen(ctx: AppContext, cyclus: number): Promise<store.Cel[]> {
  return cellenOp(ctx.db, cyclus, middernacht((await ctx.calendar.kalender(cyclus)).aanmelddatum));
}

async function cellenOp(q: Queryable, cyclus: number, aanmelddatum: Date): Promise<store.Cel[]> {
  return [...(await store.leerlingIndicatoren(q, cyclus, aanmelddatum)), ...(await store.instellingIndicatoren(q, cyclus))];
}

/** Freezes today's aggregates of a cycle (idempotent per day: a recomputation replaces the day). */
export async function bevriesDag(ctx: AppContext, cyclus: number, dag = amsterdamDate(ctx.clock.now())): Promise<number> {
  const aanmelddatum = middernacht((await ctx.calendar.kalender(cyclus)).aanmelddatum);
  return ctx.db.transaction(async (tx) => {
    const c = await cellenOp(tx, cyclus, aanmelddatum);
    await store.replaceDag(tx, cyclus, dag, c);
    return c.length;
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

type Reeks = { cyclus: number; dag: string; indicatoren: Record<string, Cel>; redenen: Record<string, string> };

export async function statistieken(ctx: AppContext, actor: Actor, niveau: Niveau, code: string, cyclus?: number) {
  if (!magZien(actor, niveau, code)) throw VvaError.forbidden('Alleen het eigen niveau (en de landelijke cijfers) is zichtbaar.');
  const waar = niveau === 'nationaal' ? 'NL' : code;
  const rows = await store.reeks(ctx.db, niveau, waar, cyclus);
  // The current cycle's figures are today's, also before the first day was frozen (on day one, say).
  const nu = cycleOf(ctx.clock.now());
  const vandaag = amsterdamDate(ctx.clock.now());
  if ((cyclus === undefined || cyclus === nu) && !(await store.heeftDag(ctx.db, nu, vandaag))) {
    const live = (await cellen(ctx, nu)).filter((c) => c.niveau === niveau && c.code === waar);
    rows.splice(0, rows.length, ...rows.filter((r) => r.cyclus !== nu), ...live.map((c) => ({ cyclus: nu, dag: vandaag, indicator: c.indicator, waarde: c.waarde, n: c.n })));
  }
  const perCyclus = new Map<number, Reeks>();
  for (const r of rows) {
    const entry = perCyclus.get(r.cyclus) ?? { cyclus: r.cyclus, dag: r.dag, indicatoren: {}, redenen: {} };
    entry.indicatoren[r.indicator] = celWaarde(r.indicator, r.waarde, r.n);
    const waarom = reden(r.indicator, r.waarde, r.n);
    if (waarom) entry.redenen[r.indicator] = waarom;
    perCyclus.set(r.cyclus, entry);
  }
  return { niveau, code: waar, reeks: [...perCyclus.values()].sort((a, b) => a.cyclus - b.cyclus) };
}

export function alsCsv(result: Awaited<ReturnType<typeof statistieken>>): string {
  const lines = ['niveau;code;cyclus;dag;indicator;waarde;reden'];
  for (const c of result.reeks) for (const [k, v] of Object.entries(c.indicatoren)) lines.push([result.niveau, result.code, c.cyclus, c.dag, k, v ?? '', c.redenen[k] ?? ''].join(';'));
  return lines.join('\n') + '\n';
}
