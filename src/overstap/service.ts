import type { AppContext } from '../app/context.ts';
import { cycleOf } from '../calendar/cycle.ts';
import type { Actor } from '../identity/service.ts';
import { amsterdamDate } from '../shared/clock.ts';
import * as store from './store.ts';

/** Spec §9: register identities; a PGN outside the mandates of the system's schools/gemeenten is refused. */
export async function registreerIdentiteiten(ctx: AppContext, actor: Actor, pgns: string[], traceId: string) {
  const now = ctx.clock.now();
  const cyclus = cycleOf(now);
  const uniek = [...new Set(pgns)];
  const mag = await store.toegestanePgns(ctx.db, actor.oin, cyclus, uniek, amsterdamDate(now));
  await ctx.db.transaction(async (tx) => {
    await store.registreer(tx, actor.oin, cyclus, [...mag], now);
    await ctx.audit.append(tx, uniek.map((pgn) => ({
      actorOin: actor.oin, actie: 'identiteit-registreren', resource: 'overstapsystemen/identiteiten', pgn, doel: 'overstap-begeleiding', traceId, uitkomst: mag.has(pgn) ? 'geregistreerd' : 'geweigerd',
    })));
  });
  // The same answer for an unknown pupil and one outside the mandates: nothing leaks about other pupils.
  return { cyclus, resultaten: pgns.map((pgn) => ({ pgn, resultaat: mag.has(pgn) ? ('GEREGISTREERD' as const) : ('GEWEIGERD' as const) })) };
}

/** Spec §9: current statuses of registered PGNs; nothing about PGNs the system did not register. */
export async function haalStatussen(ctx: AppContext, actor: Actor, pgns: string[], traceId: string) {
  const cyclus = cycleOf(ctx.clock.now());
  const uniek = [...new Set(pgns)];
  const eigen = await store.geregistreerd(ctx.db, actor.oin, cyclus, uniek);
  const rows = await store.statussen(ctx.db, cyclus, [...eigen]);
  await ctx.audit.record(uniek.map((pgn) => ({
    actorOin: actor.oin, actie: 'statussen-opgehaald', resource: 'overstapsystemen/statussen', pgn, doel: 'overstap-begeleiding', traceId, uitkomst: eigen.has(pgn) ? 'ok' : 'niet-geregistreerd',
  })));
  return {
    cyclus,
    leerlingen: uniek.map((pgn) => eigen.has(pgn)
      ? { pgn, geregistreerd: true, aanmeldingen: rows.filter((r) => r.pgn === pgn).map(({ brinMbo, crebo, status }) => ({ brinMbo, crebo, status })) }
      : { pgn, geregistreerd: false, aanmeldingen: [] }),
  };
}
