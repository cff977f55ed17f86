/** A koppelpunt of an instelling: its SIS pulls there (spec §17). */
export interface Koppelpunt {
  koppelpuntcode: string;
  brin: string;
  /** The onderwijsaanbieders it serves; empty: every aanbieder of the instelling that no other koppelpunt names. */
  onderwijsaanbieders: string[];
  actief: boolean;
}

/**
 * The koppelpunt a registration goes to: an active one of the instelling that names the opleiding's
 * onderwijsaanbieder, else its active one that names none. Two koppelpunten naming the same aanbieder
 * (a configuration error) resolve to the lowest code, so the choice is stable. Null: none configured.
 */
export function kiesKoppelpunt(koppelpunten: readonly Koppelpunt[], brin: string, onderwijsaanbieder: string): string | null {
  const eigen = koppelpunten.filter((k) => k.actief && k.brin === brin).sort((a, b) => (a.koppelpuntcode < b.koppelpuntcode ? -1 : 1));
  return (eigen.find((k) => k.onderwijsaanbieders.includes(onderwijsaanbieder)) ?? eigen.find((k) => k.onderwijsaanbieders.length === 0))?.koppelpuntcode ?? null;
}

/** Per registration, as beheer and the instelling see it (spec §17). */
export type SisStaat = 'opgehaald' | 'niet opgehaald' | 'heeft foutmeldingen';

/** Errors reported since the last time it was queued win; else acknowledged is opgehaald. */
export function sisStaat(s: { bevestigd: boolean; foutmeldingen: number }): SisStaat {
  if (s.foutmeldingen > 0) return 'heeft foutmeldingen';
  return s.bevestigd ? 'opgehaald' : 'niet opgehaald';
}
