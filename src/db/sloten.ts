import type { Db } from './db.ts';

/**
 * How many locks the server's shared lock table holds (max_locks_per_transaction × (max_connections +
 * max_prepared_transactions)): all transactions of all processes share it, and a transaction that
 * finds it full fails with "out of shared memory". The embedded engine serves one process: null.
 */
export async function slotCapaciteit(db: Db): Promise<{ capaciteit: number; maxConnections: number } | null> {
  if (db.engine !== 'postgres') return null;
  const { rows } = await db.query<{ capaciteit: number; max_connections: number }>(
    `select current_setting('max_locks_per_transaction')::int
            * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int) as capaciteit,
            current_setting('max_connections')::int as max_connections`);
  return { capaciteit: rows[0]!.capaciteit, maxConnections: rows[0]!.max_connections };
}
