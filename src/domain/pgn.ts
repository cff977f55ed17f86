import { z } from 'zod';

/** Σ(9..2)·d1..d8 − d9, the weighted sum of the elfproef (spec §4.1). */
function elfproefSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  return sum - Number(digits[8]);
}

const mod11 = (n: number) => ((n % 11) + 11) % 11;

/** A BSN passes the 11-proef: the weighted sum is divisible by 11. */
export function isBsn(value: string): boolean {
  return /^[0-9]{9}$/.test(value) && value !== '000000000' && mod11(elfproefSum(value)) === 0;
}

/** An onderwijsnummer starts with 10 and its weighted sum leaves 5 (spec §4.1). */
export function isOnderwijsnummer(value: string): boolean {
  return /^10[0-9]{7}$/.test(value) && mod11(elfproefSum(value)) === 5;
}

export function isPgn(value: string): boolean {
  return isBsn(value) || isOnderwijsnummer(value);
}

export const pgn = z
  .string()
  .regex(/^[0-9]{9}$/, 'pgn: 9 cijfers')
  .refine(isPgn, 'pgn: geen geldig BSN (elfproef) of onderwijsnummer');

/**
 * Synthetic PGNs for tests, the demo and the simulator: a seeded stream of numbers that pass the
 * elfproef. They are generated, never taken from a person; tests must use these (or RvIG's test BSNs).
 */
export function* syntheticBsns(seed = 1): Generator<string> {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: deterministic and dependency-free; quality is ample for test numbers.
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state;
  };
  for (;;) {
    const first8 = String(next() % 100_000_000).padStart(8, '0');
    const check = mod11(elfproefSum(first8 + '0'));
    if (check === 10) continue;
    const candidate = first8 + String(check);
    if (isBsn(candidate)) yield candidate;
  }
}
