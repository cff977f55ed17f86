import { controleerTotp } from './totp.ts';

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

/**
 * What one sign-in with password and TOTP code decides, once the account is locked in its transaction
 * (the beheer console's and the instelling administrators' alike): refused unchecked while locked; a
 * wrong password or code counts as a failure (the fifth locks); else the code's step is consumed and
 * the count cleared. `uitkomst` is what the audit record says.
 */
export type AanmeldBesluit =
  | { soort: 'geblokkeerd'; uitkomst: 'geblokkeerd' }
  | { soort: 'mislukt'; pogingen: PogingStand; uitkomst: 'mislukt' | 'mislukt-nu-geblokkeerd'; reden: 'onjuist' | 'geblokkeerd' }
  | { soort: 'gelukt'; pogingen: PogingStand; stap: number; uitkomst: 'ok' };

export function besluitAanmelding(
  account: PogingStand & { totpLaatsteStap: number }, totpGeheim: () => string, wachtwoordOk: boolean, code: string, nu: Date,
): AanmeldBesluit {
  if (isGeblokkeerd(account, nu)) return { soort: 'geblokkeerd', uitkomst: 'geblokkeerd' };
  const stap = wachtwoordOk ? controleerTotp(totpGeheim(), code, nu.getTime(), account.totpLaatsteStap) : null;
  if (stap === null) {
    const pogingen = naMislukking(account, nu);
    const nuGeblokkeerd = isGeblokkeerd(pogingen, nu);
    return { soort: 'mislukt', pogingen, uitkomst: nuGeblokkeerd ? 'mislukt-nu-geblokkeerd' : 'mislukt', reden: nuGeblokkeerd ? 'geblokkeerd' : 'onjuist' };
  }
  return { soort: 'gelukt', pogingen: naSucces(), stap, uitkomst: 'ok' };
}
