/**
 * Errors that say "the database connection went away or the server cannot take work now", not "your
 * request is wrong": a restart, a failover, an idle-connection reaper or `pg_terminate_backend`.
 * The request may be retried as it was; the hub answers 503 with Retry-After and recovers by itself.
 * A prepared statement made stale by another process's migration is one too: its connection is
 * replaced (postgres.ts), and the retry runs on a fresh one.
 */
const TRANSIENT_SQLSTATE = /^(08|57P0[1-3]|53300|40001|40P01)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGE = /Connection terminated|connection is closed|Client has encountered a connection error|terminating connection|timeout exceeded when trying to connect|Client was closed/i;

/**
 * A prepared statement whose result columns changed under it (another process migrated the schema, a
 * rolling upgrade): the server refuses it on that connection until the connection ends.
 */
export const isStalePlan = (err: unknown): boolean =>
  (err as { code?: string } | null)?.code === '0A000' && /cached plan must not change result type/.test((err as Error).message);

export function isTransientDbError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  if (isStalePlan(err)) return true;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}
