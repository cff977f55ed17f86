/**
 * Simulated days of cycle 2027: day 0 is 1 Oct 2026, the last is 30 Sep 2027. Messages of a day are
 * stamped in the morning (UTC) and sent with the hub's clock set to noon, so a milestone at local
 * midnight (Europe/Amsterdam) always lies between the days around it.
 */
export const CYCLUS = 2027;
const START = Date.UTC(CYCLUS - 1, 9, 1);
const DAG_MS = 86_400_000;
export const LAATSTE_DAG = dag(9, 30);

/** The day index of a date in the cycle (month 1–12; Oct–Dec fall in the year before). */
export function dag(maand: number, dagVanMaand: number): number {
  const jaar = maand >= 10 ? CYCLUS - 1 : CYCLUS;
  return Math.round((Date.UTC(jaar, maand - 1, dagVanMaand) - START) / DAG_MS);
}

export const datumVan = (d: number): string => new Date(START + d * DAG_MS).toISOString().slice(0, 10);

/** When a message of day `d` was recorded at the sender (the `seq`-th of that day, seconds apart). */
export const tijdstipVan = (d: number, seq: number): string => new Date(START + d * DAG_MS + 7 * 3_600_000 + (seq % 14_400) * 1000).toISOString();

/** The hub's clock while the day's messages are sent. */
export const middagVan = (d: number): string => new Date(START + d * DAG_MS + 12 * 3_600_000).toISOString();

/** ISO week label (Monday of the week) for charts. */
export const weekVan = (d: number): string => datumVan(d - ((new Date(START + d * DAG_MS).getUTCDay() + 6) % 7));

/** The milestone days (their local midnight lies before that day's messages) with the default calendar. */
export const MIJLPAAL_DAGEN = {
  herinneringLeverdatum: dag(2, 2),
  signaleringAanmelding: dag(3, 1),
  aanmelddatum: dag(4, 1),
  signaleringInschrijving: dag(6, 15),
  jaaroverzicht: LAATSTE_DAG + 1,
  /** Moved by the simulator (beheer) so that pull-only parties can fetch the jaaroverzicht first. */
  purge: LAATSTE_DAG + 15,
} as const;
