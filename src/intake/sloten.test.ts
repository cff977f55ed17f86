import { describe, expect, it } from 'vitest';
import { nodigeSlotenPerTransactie, processenInSlotTabel } from './sloten.ts';

describe('room in the server lock table for intake (spec §19)', () => {
  it.each([
    // capacity (max_locks_per_transaction × max_connections), intake transactions per process, processes that fit
    [64 * 100, 4, 1],
    [64 * 100, 1, 6],
    [128 * 100, 4, 3],
    [256 * 200, 4, 12],
    [64 * 100, 8, 0],
  ])('%i locks, %i transactions a process: %i processes', (capaciteit, transacties, processen) => {
    expect(processenInSlotTabel(capaciteit, transacties)).toBe(processen);
  });

  it('names the setting that makes room for the processes asked', () => {
    const nodig = nodigeSlotenPerTransactie(3, 4, 100);
    expect(processenInSlotTabel(nodig * 100, 4)).toBeGreaterThanOrEqual(3);
    expect(processenInSlotTabel((nodig - 1) * 100, 4)).toBeLessThan(3);
  });
});
