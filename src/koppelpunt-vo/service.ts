import type { AppContext } from '../app/context.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Actor } from '../identity/service.ts';
import type { Overstapstatus } from '../leerling/derive.ts';
import { voSchoolOverzicht } from '../leerling/store.ts';
import { VvaError } from '../shared/errors.ts';

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
