/**
 * Lock-out after failed sign-ins (spec §16, BIO 9.4.2): after 5 failures in a row an account is
 * locked for 15 minutes. Five guesses per quarter of an hour against a 6-digit code and a long
 * password make online guessing hopeless (about 480 guesses a day), while an operator who mistypes
 * waits at most a quarter of an hour. While locked, attempts are refused without being checked.
 */
export const MAX_MISLUKT = 5;
export const BLOKKADE_MS = 15 * 60_000;

export interface PogingStand {
  mislukt: number;
  geblokkeerdTot: Date | null;
}

export function isGeblokkeerd(s: PogingStand, nu: Date): boolean {
  return s.geblokkeerdTot !== null && s.geblokkeerdTot.getTime() > nu.getTime();
}

/** The state after one more failure: the count restarts after an expired lock; the fifth failure locks. */
export function naMislukking(s: PogingStand, nu: Date): PogingStand {
  const verlopen = s.geblokkeerdTot !== null && !isGeblokkeerd(s, nu);
  const mislukt = (verlopen ? 0 : s.mislukt) + 1;
  if (mislukt >= MAX_MISLUKT) return { mislukt: 0, geblokkeerdTot: new Date(nu.getTime() + BLOKKADE_MS) };
  return { mislukt, geblokkeerdTot: verlopen ? null : s.geblokkeerdTot };
}

export const naSucces = (): PogingStand => ({ mislukt: 0, geblokkeerdTot: null });
