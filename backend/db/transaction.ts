import type { DatabaseSync } from "node:sqlite";

/**
 * Runs `work` in one write transaction: all of it commits or none of it does. IMMEDIATE takes
 * the write lock up front so a concurrent writer fails fast instead of deadlocking mid-way.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
}
