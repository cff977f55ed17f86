import { memoBounded } from './collections.ts';

/**
 * The hub's one notion of "now". Production uses the system clock; tests and the simulator use a
 * manual clock that only moves forward when told to (VVA_CLOCK=manual).
 */
export interface Clock {
  now(): Date;
  readonly mode: 'system' | 'manual';
}

export const systemClock: Clock = { mode: 'system', now: () => new Date() };

export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  #now: Date;
  constructor(start: Date = new Date()) {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  /** Moves the clock; refuses to go back, since milestones and audit order depend on it. */
  set(to: Date): void {
    if (to.getTime() < this.#now.getTime()) throw new RangeError('the clock only moves forward');
    this.#now = new Date(to);
  }
}

const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

const HOUR_MS = 3_600_000;
/** Dates by UTC hour: Amsterdam is a whole number of hours from UTC, so its date is constant within one. */
const datumVanUur = memoBounded(10_000, (uur: number) => amsterdamDay.format(new Date(uur * HOUR_MS)));

/**
 * The calendar date (YYYY-MM-DD) in Europe/Amsterdam, where all of the VVA's dates live (spec §3).
 * Remembered per hour: the formatter takes microseconds, and the intake and the distributor ask it
 * for every message (the cycle of each), 0.7 s of a 35 s distribution of 110,000 statuses.
 */
export function amsterdamDate(d: Date): string {
  return datumVanUur(Math.floor(d.getTime() / HOUR_MS));
}
