import { describe, expect, it } from 'vitest';
import { cycleOf } from './cycle.ts';

describe('cycleOf', () => {
  it('opens cycle Y on 1 October of Y−1, Amsterdam time', () => {
    expect(cycleOf(new Date('2026-09-30T21:59:59Z'))).toBe(2026); // 23:59:59 CEST on 30 Sep
    expect(cycleOf(new Date('2026-09-30T22:00:00Z'))).toBe(2027); // 00:00 CEST on 1 Oct
    expect(cycleOf(new Date('2027-03-01T12:00:00+01:00'))).toBe(2027);
    expect(cycleOf(new Date('2027-12-31T23:30:00Z'))).toBe(2028); // already 1 Jan 2028 in Amsterdam
  });
});
