import { Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults that every authenticator app understands. */
const PERIODE_S = 30;
/**
 * One step either side of now: a code stays good for 30–90 s, which covers a phone clock a little off
 * and the time to type; more would only give a guesser more codes to hit.
 */
export const VENSTER = 1;

function totp(geheim: string, label = 'beheer'): TOTP {
  return new TOTP({ issuer: 'open-vva', label, algorithm: 'SHA1', digits: 6, period: PERIODE_S, secret: Secret.fromBase32(geheim) });
}

export function nieuwTotpGeheim(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app scans or imports. */
export function totpUri(geheim: string, gebruikersnaam: string): string {
  return totp(geheim, gebruikersnaam).toString();
}

export const stapVan = (nuMs: number) => Math.floor(nuMs / 1000 / PERIODE_S);

/** The code of the step `nuMs` falls in (for the demo and the tests, as an app would show it). */
export function totpCode(geheim: string, nuMs: number): string {
  return totp(geheim).generate({ timestamp: nuMs });
}

/**
 * Checks a code against the window around `nuMs`. Returns the step the code belongs to, or null.
 * A code of a step at or before `laatsteStap` (the last one accepted) is refused: a code observed
 * over someone's shoulder or in a log cannot be used a second time.
 */
export function controleerTotp(geheim: string, code: string, nuMs: number, laatsteStap: number): number | null {
  const schoon = code.replace(/\s/g, '');
  if (!/^[0-9]{6}$/.test(schoon)) return null;
  const delta = totp(geheim).validate({ token: schoon, timestamp: nuMs, window: VENSTER });
  if (delta === null) return null;
  const stap = stapVan(nuMs) + delta;
  return stap > laatsteStap ? stap : null;
}
