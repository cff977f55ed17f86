import { describe, expect, it } from 'vitest';
import { memoBounded } from './collections.ts';

describe('memoBounded', () => {
  it('computes a key once, and forgets everything when full', () => {
    let calls = 0;
    const f = memoBounded(2, (k: string) => `${k}!${++calls}`);
    expect([f('a'), f('a'), f('b')]).toEqual(['a!1', 'a!1', 'b!2']);
    expect(f('c')).toBe('c!3');
    expect(f('a')).toBe('a!4');
  });
});
