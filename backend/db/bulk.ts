import type { Db, SqlValue } from "./db.js";
import { paddedToPowerOfTwo, statement } from "./statements.js";

/** Rows per INSERT: well under both stores' parameter limits (SQLite 32,766; PostgreSQL 65,535) at 16 columns. */
const CHUNK = 256;

const valuesOf = (columns: readonly string[], rows: number) => {
  const row = `(${columns.map(() => "?").join(", ")})`;
  return Array<string>(rows).fill(row).join(", ");
};

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
  for (let start = 0; start < rows.length; start += CHUNK) {
    const padded = paddedToPowerOfTwo(rows.slice(start, start + CHUNK));
    await statement(
      db,
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${valuesOf(columns, padded.length)} ON CONFLICT (${conflict.join(", ")}) DO NOTHING`,
    ).run(...padded.flat());
  }
}

/**
 * Inserts `rows` into `table`, in order, as multi-row INSERTs of 256 rows and then of powers of
 * two (a rest of 100 goes as 64 + 32 + 4): a repeated row would be an error here, so chunks are
 * split rather than padded, and the store prepares at most nine statements per table.
 */
export async function insertRows(db: Db, table: string, columns: readonly string[], rows: readonly SqlValue[][]): Promise<void> {
  let start = 0;
  while (start < rows.length) {
    let size = CHUNK;
    while (size > rows.length - start) size /= 2;
    await statement(db, `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${valuesOf(columns, size)}`).run(...rows.slice(start, start + size).flat());
    start += size;
  }
}
