import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config/config.ts';
import { isBsn, isOnderwijsnummer, isPgn, syntheticBsns } from './pgn.ts';

describe('elfproef', () => {
  it('accepts the official RvIG test BSNs, except the one the README says fails', () => {
    const lines = readFileSync(path.join(REPO_ROOT, 'reference/rvig/test-bsn-gba-v-2022.csv'), 'utf8').trim().split('\n').slice(1);
    const failing = lines.map((l) => l.split(';')[0]!).filter((bsn) => !isBsn(bsn));
    expect(lines.length).toBe(682);
    expect(failing).toHaveLength(1);
  });

  it('rejects a changed digit and wrong lengths', () => {
    expect(isBsn('000009830')).toBe(true);
    expect(isBsn('000009831')).toBe(false);
    expect(isBsn('00009830')).toBe(false);
    expect(isBsn('000000000')).toBe(false);
    expect(isBsn('12345678a')).toBe(false);
  });

  it('recognises an onderwijsnummer by prefix 10 and remainder 5', () => {
    // 1000000 + check: 9*1 = 9, so 9 − d9 ≡ 5 → d9 = 4.
    expect(isOnderwijsnummer('100000004')).toBe(true);
    expect(isOnderwijsnummer('100000005')).toBe(false);
    expect(isOnderwijsnummer('200000004')).toBe(false);
    expect(isPgn('100000004')).toBe(true);
  });

  it('generates distinct, valid synthetic BSNs deterministically per seed', () => {
    const take = (seed: number) => { const g = syntheticBsns(seed); return Array.from({ length: 1000 }, () => g.next().value as string); };
    const a = take(7);
    expect(a.every(isBsn)).toBe(true);
    expect(new Set(a).size).toBe(1000);
    expect(take(7)).toEqual(a);
    expect(take(8)).not.toEqual(a);
  });
});
