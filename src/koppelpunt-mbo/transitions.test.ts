import { describe, expect, it } from 'vitest';
import { isAllowedTransition, STATUSSEN, type Status } from './aanmeldstatus-bericht.ts';

const allowed: Record<Status, Status[]> = {
  AO: ['OA', 'LI', 'LNI', 'AI'],
  OA: ['LI', 'LNI', 'AI', 'AO'],
  LI: ['AI', 'LNI'],
  LNI: [],
  AI: [],
};

describe('status transitions (spec §4.2)', () => {
  it.each(STATUSSEN)('a new registration may start with %s', (to) => {
    expect(isAllowedTransition(null, to)).toBe(true);
  });

  for (const from of STATUSSEN) {
    for (const to of STATUSSEN) {
      const expected = from === to || allowed[from].includes(to);
      it(`${from} → ${to} is ${expected ? 'allowed' : 'rejected'}`, () => {
        expect(isAllowedTransition(from, to)).toBe(expected);
      });
    }
  }
});
