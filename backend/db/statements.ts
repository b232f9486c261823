import type { Db, SqlValue, Statement } from "./db.js";

/** The query `sql` on `db`, prepared once per connection where the store can (preparing dominates small queries). */
export function statement(db: Db, sql: string): Statement {
  return db.prepare(sql);
}

/**
 * `values` padded with repeats of the last to a power of two: a statement built for them is then
 * one of a few texts (each store prepares one per text), and a repeat changes no IN list or
 * DO NOTHING insert.
 */
export function paddedToPowerOfTwo<T>(values: readonly T[]): T[] {
  let size = 1;
  while (size < values.length) size *= 2;
  return [...values, ...Array<T>(size - values.length).fill(values[values.length - 1]!)];
}

/** Placeholders for an IN list of a page's keys (padded, see paddedToPowerOfTwo). */
export function inList<T extends SqlValue>(values: readonly T[]): { marks: string; params: T[] } {
  if (values.length === 0) return { marks: "NULL", params: [] };
  const params = paddedToPowerOfTwo(values);
  return { marks: params.map(() => "?").join(", "), params };
}

/**
 * `column` among `values`, for a statement run again and again with lists of keys. PostgreSQL gets
 * whole numbers as one array: its generic plan for a long IN list of parameters was seen scanning
 * a cluster's rows by another index (25 to 230 ms for 256 keys, 4 ms through the primary key).
 */
export function keyIn(db: Db, column: string, values: readonly SqlValue[]): { sql: string; params: SqlValue[] } {
  if (db.dialect === "postgres" && values.every((v) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v)))) {
    return { sql: `${column} = ANY(?)`, params: [`{${values.join(",")}}`] };
  }
  const list = inList(values);
  return { sql: `${column} IN (${list.marks})`, params: list.params };
}
