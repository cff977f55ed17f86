import type { Status } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';
import type { LeerlingToestand } from '../leerling/derive.ts';
import type { AanmeldingRij } from '../leerling/store.ts';
import type { EventData } from '../outbox/events.ts';
import type { RoutedStatus, SchoolMelding } from '../routing/routing.ts';

/**
 * What the journal keeps of an accepted status for the distributor: the fields its events carry and
 * the fields routing decides on, as JSON. The request fixes them, so the events say what was accepted.
 */
export interface GeaccepteerdeStatus extends RoutedStatus {
  cyclus: number;
  pgn: string;
  brinMbo: string;
  aanmeldingId: string;
  status: string;
  tijdstip: string;
  crebo: string | null;
  caKetenId: string | null;
}

export function geaccepteerdeStatus(a: AanmeldingRij): GeaccepteerdeStatus {
  return {
    cyclus: a.cyclus, pgn: a.pgn, brinMbo: a.brinMbo, aanmeldingId: a.aanmeldingId, status: a.status, tijdstip: a.tijdstip.toISOString(),
    crebo: a.crebo, caKetenId: a.caKetenId, brinVo: a.brinVo, vooropleiding: a.vooropleiding, leertraject: a.leertraject,
    startkwalificatie: a.startkwalificatie, leeftijdscategorie: a.leeftijdscategorie,
  };
}

/**
 * The pupil's state right after one message, as the request derived it: the signal engine weighs each
 * message against the state it left (spec §7, per message), not against the state when the
 * distributor gets to it, which later messages may already have changed.
 */
export type ToestandNa = Pick<LeerlingToestand, 'overstapstatus' | 'potentieleMboGanger' | 'woonland' | 'woongemeente' | 'redenNee'>;

export const toestandNa = (t: LeerlingToestand): ToestandNa => ({
  overstapstatus: t.overstapstatus, potentieleMboGanger: t.potentieleMboGanger, woonland: t.woonland, woongemeente: t.woongemeente, redenNee: t.redenNee,
});

/** The journal data of an accepted aanmeldstatusbericht that took effect. */
export interface AanmeldstatusFeitData {
  gebruiker: string | null;
  status: GeaccepteerdeStatus;
  /** False for a repeat of the same status (a corrected address, a resend under a new berichtId). */
  statusGewijzigd: boolean;
  /** The pupil's residence after the batch, and the schools' reports of the pupil then: routing's inputs. */
  leerling: { woonland: string | null; woongemeente: string | null };
  meldingen: SchoolMelding[];
  /** Absent in rows journaled before it existed. */
  toestandNa?: ToestandNa;
}

/** The journal data of an accepted mbo-gangerbericht that took effect. */
export interface MboGangerFeitData {
  gebruiker: string | null;
  brinVo: string;
  /** A first report: the statuses the school would have had had it reported earlier (spec §8). */
  inhaal: GeaccepteerdeStatus[];
  /** Absent in rows journaled before it existed. */
  toestandNa?: ToestandNa;
}

/**
 * The data of an aanmeldstatus event per kind of recipient (spec §6): a vo-school gets the status of
 * its pupil's registration and never the address, and the event names the school (`brinVo`), so that
 * its supplier, who receives it for hundreds of schools, knows which one (§10); Centraal Aanmelden
 * also gets its own chain id.
 */
export function aanmeldstatusEventData(a: Pick<GeaccepteerdeStatus, 'pgn' | 'brinMbo' | 'aanmeldingId' | 'status' | 'tijdstip' | 'crebo' | 'caKetenId'>, voor: 'centraal-aanmelden' | { brinVo: string }): EventData<'nl.vva.aanmeldstatus.v1'> {
  return {
    pgn: a.pgn,
    ...(voor === 'centraal-aanmelden' ? {} : { brinVo: voor.brinVo }),
    brinMbo: a.brinMbo,
    aanmeldingId: a.aanmeldingId,
    // The journal keeps it as text; the intake accepted only the codes of spec §4.2.
    status: a.status as Status,
    tijdstip: a.tijdstip,
    ...(a.crebo ? { crebo: a.crebo } : {}),
    ...(voor === 'centraal-aanmelden' && a.caKetenId ? { caKetenId: a.caKetenId } : {}),
  };
}
