/**
 * The index store: one interface over the embedded SQLite database and PostgreSQL. Queries are
 * written once, in the SQL both accept, with `?` placeholders (PostgreSQL's are numbered by
 * backend/db/postgres.ts); flags are 0/1 integers on both (backend/db/table.ts).
 */

export type Dialect = "sqlite" | "postgres";

/** What a query may bind. */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** A row as read: integers as numbers on both stores (BIGINT values stay below 2^53: blocks, times, counts). */
export type SqlRow = Record<string, SqlValue>;

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/** One SQL text, bound to a database; prepared once where the store can. */
export interface Statement {
  all(...params: SqlValue[]): Promise<SqlRow[]>;
  get(...params: SqlValue[]): Promise<SqlRow | undefined>;
  run(...params: SqlValue[]): Promise<RunResult>;
}

export interface Db {
  readonly dialect: Dialect;
  readonly isOpen: boolean;
  prepare(sql: string): Statement;
  /** Several statements without parameters (DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction: all of it commits or none does. Queries made inside it through
   * this handle or `tx` (and through the functions `work` calls) belong to the transaction; other
   * callers wait for it on a single-connection store, or use other connections on a pool.
   * `serialize`: transactions naming the same key run one at a time across every process
   * sharing the store (a check-then-write that must not race, such as a bounded table).
   */
  transaction<T>(work: (tx: Db) => Promise<T>, serialize?: string): Promise<T>;
  /** Tells every process sharing the store, this one included, that `channel` has news (after the caller's commit). */
  notify(channel: string, payload: string): Promise<void>;
  /** Calls `listener` with each notice on `channel` from any process sharing the store; returns the way to stop. */
  listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
