import type { AppContext } from '../app/context.ts';
import type { Actor } from '../identity/service.ts';
import { eldersAangemeld } from '../leerling/derive.ts';
import { findAanmelding, loadAanmeldingen } from '../leerling/store.ts';
import { VvaError } from '../shared/errors.ts';

/** Spec §8: whether the student of this registration is registered at another institution — never where. */
export async function eldersAangemeldVoor(ctx: AppContext, actor: Actor, aanmeldingId: string, traceId: string): Promise<{ eldersAangemeld: boolean }> {
  const allowed = await ctx.identity.allowedBrins(actor, 'mbo-instelling');
  // The BRIN is part of the id: refuse other institutions' ids before looking, so existence does not leak.
  if (!allowed.has(aanmeldingId.slice(0, 4))) throw VvaError.forbidden('Alleen de eigen instelling (of haar leverancier met mandaat) mag dit vragen.');
  const aanmelding = await findAanmelding(ctx.db, aanmeldingId);
  if (!aanmelding) throw VvaError.notFound('Onbekende aanmeldingId.');
  const regs = await loadAanmeldingen(ctx.db, aanmelding.cyclus, [aanmelding.pgn]);
  await ctx.audit.record([{ actorOin: actor.oin, gebruiker: actor.gebruiker, actie: 'elders-aangemeld-gevraagd', resource: `aanmeldingen/${aanmeldingId}`, pgn: aanmelding.pgn, doel: 'vva-uitwisseling', traceId, uitkomst: 'ok' }]);
  return { eldersAangemeld: eldersAangemeld(regs, aanmelding.brinMbo) };
}
