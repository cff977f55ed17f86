import type { AppContext } from '../app/context.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Actor } from '../identity/service.ts';
import { findGemeente } from '../reference-data/store.ts';
import { VvaError } from '../shared/errors.ts';
import type { SignaalType } from './rules.ts';
import * as store from './store.ts';

/** Spec §12: a gemeente sees its own residents; an endpoint (RMC) sees the gemeenten that chose it. */
export async function gemeenteOverzicht(ctx: AppContext, actor: Actor, gemeentecode: string, opts: { signaal?: SignaalType; cyclus?: number }, traceId: string) {
  const mag = await store.gemeentenVanEindpunt(ctx.db, actor.oin);
  const eigen = actor.soort === 'gemeente' && actor.gemeentecode === gemeentecode;
  if (!eigen && !mag.includes(gemeentecode)) throw VvaError.forbidden('Alleen de gemeente zelf of het eindpunt dat zij koos ziet haar inwoners.');
  const cyclus = opts.cyclus ?? cycleOf(ctx.clock.now());
  const rows = await store.gemeenteOverzicht(ctx.db, cyclus, gemeentecode, opts.signaal);
  if (rows.length) {
    await ctx.audit.record(rows.map((r) => ({ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'gemeente-overzicht-gelezen', resource: `gemeenten/${gemeentecode}/overzicht`, pgn: r.pgn, doel: 'vva-signalering', traceId, uitkomst: 'ok' })));
  }
  return { gemeentecode, cyclus, leerlingen: rows.map((r) => ({ ...r, signalen: r.signalen.map((s) => ({ ...s, tijd: new Date(s.tijd).toISOString() })) })) };
}

export async function eindpuntVan(ctx: AppContext, gemeentecode: string) {
  const ingesteld = await store.configuredEindpunt(ctx.db, gemeentecode);
  if (ingesteld) return { gemeentecode, ontvangerOin: ingesteld, bron: 'ingesteld' as const };
  const eigen = (await store.eindpunten(ctx.db, [gemeentecode])).get(gemeentecode);
  return { gemeentecode, ontvangerOin: eigen ?? null, bron: eigen ? ('eigen-aansluiting' as const) : ('geen' as const) };
}

/** A gemeente's signals go to its own connection or to an RMC region's (spec §2); they stay per gemeente. */
export async function eindpuntInstellen(ctx: AppContext, gemeentecode: string, ontvangerOin: string, door: string) {
  if (!(await findGemeente(ctx.db, gemeentecode))) throw VvaError.notFound('Onbekende gemeente.');
  const org = await ctx.identity.getOrganisation(ontvangerOin);
  const geldig = org?.actief && ((org.soort === 'gemeente' && org.gemeentecode === gemeentecode) || org.soort === 'rmc-regio');
  if (!geldig) throw VvaError.invalid([{ name: 'ontvangerOin', reason: 'moet de eigen gemeente of een RMC-regio zijn (actieve organisatie)' }]);
  await ctx.db.transaction(async (tx) => {
    await store.setEindpunt(tx, gemeentecode, ontvangerOin, ctx.clock.now());
    await ctx.audit.append(tx, [{ actorOin: door, actie: 'gemeente-eindpunt-ingesteld', resource: `gemeenten/${gemeentecode}/eindpunt`, doel: 'beheer', uitkomst: ontvangerOin }]);
  });
}
