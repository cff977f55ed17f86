import type { AppContext } from '../../app/context.ts';
import type { AuditRegel } from '../../audit/audit-log.ts';
import type { Queryable } from '../../db/db.ts';
import type { GeaccepteerdeStatus } from '../../intake/events.ts';
import { DOEL, ketenIdUitAanmeldingId } from './regels.ts';
import { werkStatussenBij } from './store.ts';

/**
 * Spec §17: every accepted aanmeldstatusbericht that carries a `caKetenId` (or, failing it, an
 * aanmeldingId whose number is a CA ketenId) updates the registration. Called by the distributor for
 * the statuses of its journal batch, in its transaction: one statement for the batch. Returns the
 * audit lines of the registrations it changed, for the distributor to chain with the rest.
 */
export async function verwerkCaStatussen(ctx: AppContext, tx: Queryable, statussen: GeaccepteerdeStatus[]): Promise<AuditRegel[]> {
  const terug = statussen.flatMap((s) => {
    const keten = ketenIdUitAanmeldingId(s.aanmeldingId);
    if (!s.caKetenId && !keten) return [];
    return [{ caKetenId: s.caKetenId, brin: s.brinMbo, ketenId: keten?.ketenId ?? null, status: s.status, tijdstip: new Date(s.tijdstip) }];
  });
  const bijgewerkt = await werkStatussenBij(tx, terug);
  const nu = ctx.clock.now();
  return bijgewerkt.map((b) => ctx.audit.regel({
    actorOin: null, actie: 'ca-status-bijgewerkt', resource: `ca-aanmelding/${b.caKetenId}`, pgn: b.pgn, doel: DOEL, uitkomst: b.status,
  }, nu));
}
