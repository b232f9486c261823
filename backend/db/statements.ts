import type { Db, Statement } from "./db.js";

/** The query `sql` on `db`, prepared once per connection where the store can (preparing dominates small queries). */
export function statement(db: Db, sql: string): Statement {
  return db.prepare(sql);
}
