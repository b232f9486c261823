import type { Db, SqlValue } from "./db.js";
import { paddedToPowerOfTwo, statement } from "./statements.js";

/** Rows per INSERT: well under both stores' parameter limits (SQLite 32,766; PostgreSQL 65,535) at 8 columns. */
const CHUNK = 256;

/**
 * Inserts `rows` into `table` as multi-row INSERTs that skip rows already there (`conflict` is
 * the primary key's columns): one round trip per chunk instead of per row, which is what a
 * networked store (PostgreSQL) pays for. A short chunk is padded (paddedToPowerOfTwo); DO NOTHING
 * skips the repeats.
 */
export async function insertMissing(
  db: Db,
  table: string,
  columns: readonly string[],
  conflict: readonly string[],
  rows: readonly SqlValue[][],
): Promise<void> {
  const row = `(${columns.map(() => "?").join(", ")})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const padded = paddedToPowerOfTwo(rows.slice(start, start + CHUNK));
    await statement(
      db,
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${padded.map(() => row).join(", ")} ON CONFLICT (${conflict.join(", ")}) DO NOTHING`,
    ).run(...padded.flat());
  }
}
