import type { Db, Statement } from "./db.js";

/** The query `sql` on `db`, prepared once per connection where the store can (preparing dominates small queries). */
export function statement(db: Db, sql: string): Statement {
  return db.prepare(sql);
}

/** Placeholders for an IN list of a page's keys, padded to a power of two so each store prepares few distinct statements. */
export function inList(values: readonly (number | string)[]): { marks: string; params: (number | string)[] } {
  if (values.length === 0) return { marks: "NULL", params: [] };
  let size = 1;
  while (size < values.length) size *= 2;
  const params = [...values, ...Array<number | string>(size - values.length).fill(values[values.length - 1]!)];
  return { marks: params.map(() => "?").join(", "), params };
}
