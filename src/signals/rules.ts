import type { Fase } from '../calendar/calendar.ts';
import { NEDERLAND } from '../domain/bericht-velden.ts';
import type { Overstapstatus } from '../leerling/derive.ts';

export type SignaalType = 'NIET_AANGEMELD' | 'NIET_INGESCHREVEN' | 'STATUSWIJZIGING' | 'INTREKKING' | 'JAAROVERZICHT';

/** Where and how a pupil has been signalled so far (per cycle). */
export interface Stand {
  gemeentecode: string;
  /** The condition signal (NIET_AANGEMELD / NIET_INGESCHREVEN) that is still true, if any. */
  openSignaal: SignaalType | null;
  ingetrokken: boolean;
}

export interface Leerlingbeeld {
  potentieleMboGanger: boolean;
  overstapstatus: Overstapstatus;
  woonland: string | null;
  /** A Dutch gemeente the hub may signal to (known, not RNI), else null. */
  woongemeente: string | null;
  redenNee: string | null;
}

/** A status change the gemeente may see (routing said so, spec §6), in the order received. */
export interface StatusFeit {
  invoerId: number;
  gemeentecode: string;
  brinMbo: string;
  aanmeldingId: string;
  status: string;
}

export interface NieuwSignaal {
  gemeentecode: string;
  type: SignaalType;
  reden?: string;
  brinMbo?: string;
  aanmeldingId?: string;
  status?: string;
  /** Names the fact: the same fact never yields a second signal. */
  feit: string;
}

/** The condition signal that holds in a phase for an overstapstatus (spec §7), or null. */
export function conditie(fase: Fase, status: Overstapstatus): SignaalType | null {
  if (fase === 'aanmelding') return status === 'GEEN_AANMELDING' ? 'NIET_AANGEMELD' : null;
  if (fase === 'inschrijving') return status !== 'INGESCHREVEN' ? 'NIET_INGESCHREVEN' : null;
  return null;
}

/**
 * The real-time signals for one pupil after new facts (spec §7). `laatsteInvoer` is the id of the
 * newest fact evaluated: it names the fact of a condition signal or a withdrawal.
 */
export function evalueer(
  fase: Fase,
  vorige: Stand | null,
  leerling: Leerlingbeeld,
  feiten: StatusFeit[],
  sleutel: { cyclus: number; pgn: string; laatsteInvoer: number },
): { signalen: NieuwSignaal[]; stand: Stand | null } {
  if (fase === 'voor-signalering') return { signalen: [], stand: vorige };
  const feit = (gemeente: string, type: SignaalType, ref: string | number) => `${sleutel.cyclus}|${sleutel.pgn}|${gemeente}|${type}|${ref}`;
  const signalen: NieuwSignaal[] = [];
  let stand = vorige;
  const actief = stand !== null && !stand.ingetrokken;

  // No longer a potential mbo-goer: the gemeente that was told is told that it is over, with the reason.
  if (!leerling.potentieleMboGanger) {
    if (actief) {
      signalen.push({ gemeentecode: stand!.gemeentecode, type: 'INTREKKING', reden: leerling.redenNee ?? 'GEEN_MBO_GANGER', feit: feit(stand!.gemeentecode, 'INTREKKING', sleutel.laatsteInvoer) });
      stand = { ...stand!, openSignaal: null, ingetrokken: true };
    }
    return { signalen, stand };
  }

  const verhuisdNaarBuitenland = leerling.woonland !== null && leerling.woonland !== NEDERLAND;
  const hier = leerling.woongemeente;
  // Moved: the old gemeente withdraws (VERHUISD) and stops seeing the pupil; the new one follows it and
  // at once gets its current signal below (spec §7, moves).
  let verhuisd = false;
  if (actief && ((hier !== null && hier !== stand!.gemeentecode) || verhuisdNaarBuitenland)) {
    signalen.push({ gemeentecode: stand!.gemeentecode, type: 'INTREKKING', reden: 'VERHUISD', feit: feit(stand!.gemeentecode, 'INTREKKING', sleutel.laatsteInvoer) });
    stand = verhuisdNaarBuitenland ? { ...stand!, openSignaal: null, ingetrokken: true } : null;
    verhuisd = !verhuisdNaarBuitenland;
  }
  if (hier === null) return { signalen, stand };
  if (stand?.ingetrokken) stand = null; // potential again after a withdrawal: followed afresh

  const gezien = feiten.filter((f) => f.gemeentecode === hier);
  const cond = conditie(fase, leerling.overstapstatus);
  if (cond && stand?.openSignaal !== cond) {
    // A fall-back (or a first signal): the condition signal carries the status change that caused it.
    const oorzaak = gezien.at(-1);
    signalen.push({
      gemeentecode: hier, type: cond, feit: feit(hier, cond, sleutel.laatsteInvoer),
      ...(oorzaak ? { brinMbo: oorzaak.brinMbo, aanmeldingId: oorzaak.aanmeldingId, status: oorzaak.status } : {}),
    });
    stand = { gemeentecode: hier, openSignaal: cond, ingetrokken: false };
  } else if (verhuisd) {
    // No condition holds: where the pupil stands now, as a status change with the reason.
    signalen.push({ gemeentecode: hier, type: 'STATUSWIJZIGING', reden: 'VERHUISD', status: leerling.overstapstatus, feit: feit(hier, 'STATUSWIJZIGING', `verhuisd:${sleutel.laatsteInvoer}`) });
    stand = { gemeentecode: hier, openSignaal: null, ingetrokken: false };
  } else if (stand) {
    // Once signalled, every later status change the gemeente may see is passed on.
    for (const f of gezien) {
      signalen.push({ gemeentecode: hier, type: 'STATUSWIJZIGING', brinMbo: f.brinMbo, aanmeldingId: f.aanmeldingId, status: f.status, feit: feit(hier, 'STATUSWIJZIGING', f.invoerId) });
    }
    stand = { ...stand, openSignaal: cond };
  }
  return { signalen, stand };
}
