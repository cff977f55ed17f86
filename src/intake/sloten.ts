import { MAX_BATCH } from './resultaat.ts';

/** Locks an intake transaction holds at most: one per pupil of a full batch, and its tables'. */
const SLOTEN_PER_TRANSACTIE = MAX_BATCH + 50;

/**
 * How many hub processes with this many intake transactions each fit in the server's lock table
 * (spec §19): each pupil of a batch is locked until its transaction ends, so a full batch holds about
 * 1,000 locks. PostgreSQL's defaults (64 × 100) hold one process at 4 transactions; more processes
 * need a larger max_locks_per_transaction.
 */
export function processenInSlotTabel(capaciteit: number, intakeTransacties: number): number {
  return Math.floor(capaciteit / (intakeTransacties * SLOTEN_PER_TRANSACTIE));
}

/** The max_locks_per_transaction that `processen` processes need at this max_connections. */
export function nodigeSlotenPerTransactie(processen: number, intakeTransacties: number, maxConnections: number): number {
  return Math.ceil((processen * intakeTransacties * SLOTEN_PER_TRANSACTIE) / maxConnections);
}
