import { amsterdamDate } from '../shared/clock.ts';

/** The milestones of a cycle (spec §3), in the order they fall. */
export const MIJLPALEN = [
  'herinnering-leverdatum',
  'signalering-aanmelding',
  'aanmelddatum',
  'signalering-inschrijving',
  'jaaroverzicht',
  'purge',
] as const;
export type Mijlpaal = (typeof MIJLPALEN)[number];

/**
 * Default dates of cycle Y (spec §3). The delivery deadline is 1 Feb; the reminder to schools that
 * delivered nothing goes out on 2 Feb, so that milestone falls on the 2nd.
 */
export function standaardKalender(cyclus: number): Record<Mijlpaal, string> {
  return {
    'herinnering-leverdatum': `${cyclus}-02-02`,
    'signalering-aanmelding': `${cyclus}-03-01`,
    aanmelddatum: `${cyclus}-04-01`,
    'signalering-inschrijving': `${cyclus}-06-15`,
    jaaroverzicht: `${cyclus}-10-01`,
    // A month after the jaaroverzicht, so that every recipient, pulling ones too, can fetch it (spec §3, §14).
    purge: `${cyclus}-11-01`,
  };
}

/** 00:00 Europe/Amsterdam on a date: the moment a milestone falls due. */
export function middernacht(datum: string): Date {
  const [y, m, d] = datum.split('-').map(Number) as [number, number, number];
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.UTC(y, m - 1, d, -offsetHours));
    if (amsterdamDate(candidate) === datum && amsterdamDate(new Date(candidate.getTime() - 1)) !== datum) return candidate;
  }
  throw new RangeError(`no Amsterdam midnight for ${datum}`);
}

/** Milestones that must fall on a later day than the one before them, not just later in the order. */
export const NA_EEN_DAG: ReadonlySet<Mijlpaal> = new Set(['purge']);

/** Milestones due at `now` for a calendar, in calendar order. */
export function verlopenMijlpalen(kalender: Record<Mijlpaal, string>, now: Date): Mijlpaal[] {
  return MIJLPALEN.filter((m) => middernacht(kalender[m]).getTime() <= now.getTime());
}

/**
 * Which signals the gemeente gets now (spec §7), from which bulk milestones have run: nothing before
 * the signaleringsdatum aanmelding; NIET_AANGEMELD after it; NIET_INGESCHREVEN after 15 June.
 */
export type Fase = 'voor-signalering' | 'aanmelding' | 'inschrijving';
export function faseNa(voltooid: ReadonlySet<Mijlpaal>): Fase {
  if (voltooid.has('signalering-inschrijving')) return 'inschrijving';
  if (voltooid.has('signalering-aanmelding')) return 'aanmelding';
  return 'voor-signalering';
}
