import { amsterdamDate } from '../shared/clock.ts';

/**
 * The cycle a moment belongs to (spec §3): cycle Y runs from 1 October of Y−1 (Europe/Amsterdam)
 * until 1 October of Y, when its jaaroverzicht and purge close it.
 */
export function cycleOf(moment: Date): number {
  const [year, month] = amsterdamDate(moment).split('-').map(Number) as [number, number];
  return month >= 10 ? year + 1 : year;
}
