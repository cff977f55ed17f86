/**
 * Session lifetime: 30 minutes without activity, 10 hours at most (one working day), after which the
 * operator signs in again with password and code. The cookie itself has no expiry (gone when the
 * browser closes); the database decides.
 */
export const INACTIEF_MS = 30 * 60_000;
export const MAX_DUUR_MS = 10 * 60 * 60_000;
/** Activity is written back at most once a minute, so reading pages does not write on every request. */
export const BIJWERKEN_NA_MS = 60_000;

export interface SessieTijden {
  aangemaakt: Date;
  laatstGezien: Date;
}

export function sessieGeldig(s: SessieTijden, nu: Date): boolean {
  const t = nu.getTime();
  return t - s.laatstGezien.getTime() < INACTIEF_MS && t - s.aangemaakt.getTime() < MAX_DUUR_MS;
}

export const moetBijwerken = (s: SessieTijden, nu: Date) => nu.getTime() - s.laatstGezien.getTime() >= BIJWERKEN_NA_MS;

export const ROLLEN = ['beheerder', 'lezer'] as const;
export type Rol = (typeof ROLLEN)[number];

/** Lezers read everything a beheerder reads; only a beheerder changes anything. */
export const magWijzigen = (rol: Rol) => rol === 'beheerder';
