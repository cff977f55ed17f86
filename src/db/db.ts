/**
 * The one database interface of the hub. Two engines stand behind it with the same SQL:
 * PGlite (PostgreSQL in WASM, embedded) and a PostgreSQL server. Only store modules use it.
 */
export type Row = Record<string, unknown>;

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  /** One statement with bound parameters ($1, $2, …). */
  query<R = Row>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations, library schema set-up). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
