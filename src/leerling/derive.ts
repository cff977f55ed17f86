import { NEDERLAND, RNI_GEMEENTE } from '../domain/bericht-velden.ts';
import { TERMINAL, valtOnderDeWet, type Status } from '../koppelpunt-mbo/aanmeldstatus-bericht.ts';

export type Overstapstatus = 'INGESCHREVEN' | 'AANGEMELD' | 'GEEN_AANMELDING';

/** What the derivation needs of a pupil's latest mbo-gangerbericht at one school. */
export interface MboGangerFeit extends Adres {
  brinVo: string;
  mboGanger: boolean;
  redenNee: string | null;
  tijdstip: Date;
  woonland: string;
  gemeentecode: string | null;
}

export interface Adres {
  postcode: string | null;
  huisnummer: number | null;
  toevoeging: string | null;
}

/** What the derivation needs of one registration's latest status. */
export interface AanmeldingFeit extends Adres {
  brinMbo: string;
  aanmeldingId: string;
  status: Status;
  leertraject: string;
  tijdstip: Date;
  woonland: string;
  gemeentecode: string | null;
}

export interface LeerlingToestand {
  overstapstatus: Overstapstatus;
  potentieleMboGanger: boolean;
  woonland: string | null;
  /** null = ONBEKEND (no Dutch gemeente could be derived), visible to beheer. */
  woongemeente: string | null;
  /** The most recent address (what a signal to the gemeente carries). */
  postcode: string | null;
  huisnummer: number | null;
  toevoeging: string | null;
  /** The school that most recently reported the pupil as potential mbo-goer (else the latest reporter). */
  brinVo: string | null;
  /** Why the pupil is no longer a potential mbo-goer: the latest report's redenNee. */
  redenNee: string | null;
}

const telt = (a: AanmeldingFeit) => valtOnderDeWet(a.leertraject);

/** Spec §5: INGESCHREVEN if any registration is LI; else AANGEMELD if any is AO or OA; else GEEN_AANMELDING. */
export function overstapstatus(aanmeldingen: AanmeldingFeit[]): Overstapstatus {
  const counted = aanmeldingen.filter(telt);
  if (counted.some((a) => a.status === 'LI')) return 'INGESCHREVEN';
  if (counted.some((a) => a.status === 'AO' || a.status === 'OA')) return 'AANGEMELD';
  return 'GEEN_AANMELDING';
}

/** The derived state of one pupil in one cycle from all its messages (spec §5). */
export function deriveLeerling(mboGangers: MboGangerFeit[], aanmeldingen: AanmeldingFeit[]): LeerlingToestand {
  // The woongemeente follows the most recent address received about the PGN, from either side.
  const adressen = [...mboGangers, ...aanmeldingen].sort((a, b) => b.tijdstip.getTime() - a.tijdstip.getTime());
  const latest = adressen[0];
  const woongemeente = latest && latest.woonland === NEDERLAND ? latest.gemeentecode : null;
  const byTime = [...mboGangers].sort((a, b) => b.tijdstip.getTime() - a.tijdstip.getTime());
  const potentieleMboGanger = mboGangers.some((m) => m.mboGanger);
  return {
    overstapstatus: overstapstatus(aanmeldingen),
    potentieleMboGanger,
    woonland: latest?.woonland ?? null,
    woongemeente,
    postcode: latest?.postcode ?? null,
    huisnummer: latest?.huisnummer ?? null,
    toevoeging: latest?.toevoeging ?? null,
    brinVo: (byTime.find((m) => m.mboGanger) ?? byTime[0])?.brinVo ?? null,
    redenNee: potentieleMboGanger ? null : byTime[0]?.redenNee ?? null,
  };
}

/** Whether the pupil lives in a Dutch gemeente the hub can signal to (not abroad, known, not RNI). SQL: leerling.signaleerbaar. */
export function woontInNederlandseGemeente(t: Pick<LeerlingToestand, 'woonland' | 'woongemeente'>): t is { woonland: string; woongemeente: string } {
  return t.woonland === NEDERLAND && t.woongemeente !== null && t.woongemeente !== RNI_GEMEENTE;
}

/** Spec §6: whether the student has an active registration at another institution — never where. */
export function eldersAangemeld(aanmeldingen: AanmeldingFeit[], brinMbo: string): boolean {
  return aanmeldingen.some((a) => a.brinMbo !== brinMbo && telt(a) && !TERMINAL.has(a.status));
}
