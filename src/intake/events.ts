import type { AanmeldingRij } from '../leerling/store.ts';

/**
 * The data of an aanmeldstatus event per kind of recipient (spec §6): a vo-school gets the status of
 * its pupil's registration and never the address; Centraal Aanmelden also gets its own chain id.
 */
export function aanmeldstatusEventData(a: AanmeldingRij, voor: 'vo-school' | 'centraal-aanmelden'): Record<string, unknown> {
  return {
    pgn: a.pgn,
    brinMbo: a.brinMbo,
    aanmeldingId: a.aanmeldingId,
    status: a.status,
    tijdstip: a.tijdstip.toISOString(),
    ...(a.crebo ? { crebo: a.crebo } : {}),
    ...(voor === 'centraal-aanmelden' && a.caKetenId ? { caKetenId: a.caKetenId } : {}),
  };
}
