import type { Db } from "./db.js";

/**
 * Runs `work` in one write transaction: all of it commits or none of it does. Queries made while
 * it runs belong to it, whichever handle they use (backend/db/gate.ts).
 */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>, serialize?: string): Promise<T> {
  return db.transaction(work, serialize);
}
