import type { DatabaseSync, StatementSync } from "node:sqlite";

const cache = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** Prepared once per database and SQL text: preparing dominates the cost of small queries. */
export function statement(db: DatabaseSync, sql: string): StatementSync {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let stmt = perDb.get(sql);
  if (!stmt) perDb.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** Forgets the prepared statements of a database (needed after its tables were dropped). */
export function forgetStatements(db: DatabaseSync): void {
  cache.delete(db);
}
