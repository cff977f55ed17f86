import type { AppContext } from '../app/context.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Actor } from '../identity/service.ts';
import type { Overstapstatus } from '../leerling/derive.ts';
import { gemeldPerSchool, voSchoolOverzicht } from '../leerling/store.ts';
import { middernacht } from '../calendar/calendar.ts';
import { VvaError } from '../shared/errors.ts';
import { CLAIM_ACTIE } from './mbo-ganger-bericht.ts';

/** Spec §8: a vo-school's potential mbo-goers with overstapstatus and status per registration (brinMbo only). */
export async function overzicht(ctx: AppContext, actor: Actor, brin: string, opts: { overstapstatus?: Overstapstatus; cyclus?: number }, traceId: string) {
  const allowed = await ctx.identity.allowedBrins(actor, 'vo-school');
  if (!allowed.has(brin)) throw VvaError.forbidden('Alleen de school zelf of een leverancier met een geldig mandaat ziet dit overzicht.');
  const cyclus = opts.cyclus ?? cycleOf(ctx.clock.now());
  const leerlingen = await voSchoolOverzicht(ctx.db, cyclus, brin, opts.overstapstatus);
  if (leerlingen.length > 0) {
    await ctx.audit.record(leerlingen.map((l) => ({
      actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'overzicht-gelezen', resource: `vo-scholen/${brin}/overzicht`, pgn: l.pgn, doel: 'vva-uitwisseling', traceId, uitkomst: 'ok',
    })));
  }
  return { brin, cyclus, leerlingen };
}

/**
 * A school whose claims stand out (issue 13.7): at least 10 pupils that another school reported first,
 * and at least 5% of all it reported. A school change now and then is normal; a pattern is not.
 */
export function opvallend(claims: number, gemeld: number): boolean {
  return claims >= 10 && claims >= 0.05 * gemeld;
}

/**
 * Beheer's list of schools that reported pupils another school had reported first in the cycle (no
 * PGNs in it): the claims as the audit log recorded them at intake, against all the school reported.
 */
export async function claims(ctx: AppContext, cyclus = cycleOf(ctx.clock.now())) {
  const [perSchool, gemeld] = await Promise.all([
    ctx.audit.countPerResource(CLAIM_ACTIE, middernacht(`${cyclus - 1}-10-01`), middernacht(`${cyclus}-10-01`)),
    gemeldPerSchool(ctx.db, cyclus),
  ]);
  const scholen = [...perSchool].map(([resource, n]) => {
    const brinVo = resource.replace('vo-scholen/', '');
    return { brinVo, claims: n, gemeld: gemeld.get(brinVo) ?? 0 };
  }).sort((a, b) => b.claims - a.claims || a.brinVo.localeCompare(b.brinVo));
  return { cyclus, scholen: scholen.map((s) => ({ ...s, opvallend: opvallend(s.claims, s.gemeld) })) };
}
