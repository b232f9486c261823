import type { Db, Statement } from "./db.js";

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
export function inList(values: readonly (number | string)[]): { marks: string; params: (number | string)[] } {
  if (values.length === 0) return { marks: "NULL", params: [] };
  const params = paddedToPowerOfTwo(values);
  return { marks: params.map(() => "?").join(", "), params };
}
