import type { Db, SqlValue } from "../db/db.js";
import { insertMissing, insertRows } from "../db/bulk.js";
import { keyIn, statement } from "../db/statements.js";

/**
 * Writes a handler leaves to its batch, sent when the batch needs them (before a handler that
 * uses their table itself, and at the batch's end), merged with the like writes of the handlers
 * before and after it:
 * - rows inserted into a table one after another go as multi-row INSERTs, a round trip per
 *   hundreds of rows, which is what a networked store (PostgreSQL) pays for;
 * - updates that set the same values on rows of one table named by the same key but its last
 *   column (a cluster's obligations by id) become one UPDATE ... IN (...) per few hundred rows;
 * - additions to a counter become one UPDATE. PostgreSQL keeps every version of a row updated
 *   again and again in one transaction, and each update walked all the versions before it: a
 *   cycle's count of tens of thousands of confirmations cost more than all the rest.
 */
export interface DeferredWrites {
  /**
   * Inserts a row (table and column names are the code's, never input); with `unlessExists` (the
   * primary key's columns), a row whose key is there already is skipped.
   */
  insert(table: string, row: Record<string, SqlValue>, unlessExists?: readonly string[]): void;
  /** Sets `set` on the row of `table` that `key` names. */
  update(table: string, set: Record<string, SqlValue>, key: Record<string, SqlValue>): void;
  /** Adds `amount` to `column` of the row of `table` that `key` names. */
  add(table: string, column: string, key: Record<string, SqlValue>, amount: number): void;
}

type Group =
  | { kind: "insert"; columns: string[]; conflict: readonly string[] | undefined; rows: SqlValue[][] }
  | {
      kind: "update";
      id: string;
      columns: string;
      prefix: string;
      set: [string, SqlValue][];
      key: [string, SqlValue][];
      last: string;
      values: SqlValue[];
      rows: Set<string>;
    }
  | { kind: "add"; column: string; keyColumns: string[]; counts: Map<string, { key: SqlValue[]; amount: number }> };

/** Rows per UPDATE ... IN: as for multi-row inserts. */
const CHUNK = 256;

/** A string that tells values apart by type as well (1 and 1n and "1" differ). */
const identity = (values: readonly SqlValue[]) => values.map((v) => `${typeof v}:${String(v)}`).join("\u0000");

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/** The deferred writes of one batch, by table; each table's in the order they were made. */
export class BatchWrites implements DeferredWrites {
  private readonly tables = new Map<string, Group[]>();

  insert(table: string, row: Record<string, SqlValue>, unlessExists?: readonly string[]): void {
    const columns = Object.keys(row);
    const last = this.groupsOf(table).at(-1);
    const like = last?.kind === "insert" && sameColumns(last.columns, columns) && sameColumns(last.conflict ?? [], unlessExists ?? []);
    if (like) last.rows.push(Object.values(row));
    else this.groupsOf(table).push({ kind: "insert", columns, conflict: unlessExists, rows: [Object.values(row)] });
  }

  update(table: string, set: Record<string, SqlValue>, key: Record<string, SqlValue>): void {
    const entries = Object.entries(key);
    const [last, value] = entries.pop()!;
    const columns = identity([...entries.map(([c]) => c), last]);
    const prefix = identity(entries.map(([, v]) => v));
    const id = identity([...Object.entries(set).flat(), columns, prefix]);
    const groups = this.groupsOf(table);
    // Joins the latest like update among the updates that end the table's list, past the ones after
    // it only when they cannot touch this row: keyed by the same columns, with another prefix or
    // without this key.
    const row = identity([value]);
    for (let i = groups.length - 1; i >= 0; i--) {
      const group = groups[i]!;
      if (group.kind !== "update") break;
      if (group.id === id) {
        group.values.push(value);
        group.rows.add(row);
        return;
      }
      if (group.columns !== columns || (group.prefix === prefix && group.rows.has(row))) break;
    }
    groups.push({ kind: "update", id, columns, prefix, set: Object.entries(set), key: entries, last, values: [value], rows: new Set([row]) });
  }

  add(table: string, column: string, key: Record<string, SqlValue>, amount: number): void {
    const keyColumns = Object.keys(key);
    const values = Object.values(key);
    const groups = this.groupsOf(table);
    let last = groups.at(-1);
    if (last?.kind !== "add" || last.column !== column || !sameColumns(last.keyColumns, keyColumns)) {
      last = { kind: "add", column, keyColumns, counts: new Map() };
      groups.push(last);
    }
    const id = identity(values);
    const count = last.counts.get(id);
    if (count) count.amount += amount;
    else last.counts.set(id, { key: values, amount });
  }

  /** Sends what was deferred to `tables` (all of them when not named), each table's writes in their order. */
  async flush(db: Db, tables?: readonly string[]): Promise<void> {
    for (const table of tables ?? [...this.tables.keys()]) {
      const groups = this.tables.get(table);
      if (!groups) continue;
      this.tables.delete(table);
      for (const group of groups) {
        if (group.kind === "insert") {
          if (group.conflict) await insertMissing(db, table, group.columns, group.conflict, group.rows);
          else await insertRows(db, table, group.columns, group.rows);
        } else if (group.kind === "update") {
          const set = group.set.map(([c]) => `${c} = ?`).join(", ");
          const head = [...group.set.map(([, v]) => v), ...group.key.map(([, v]) => v)];
          for (let start = 0; start < group.values.length; start += CHUNK) {
            const keys = keyIn(db, group.last, group.values.slice(start, start + CHUNK));
            const where = [...group.key.map(([c]) => `${c} = ?`), keys.sql].join(" AND ");
            await statement(db, `UPDATE ${table} SET ${set} WHERE ${where}`).run(...head, ...keys.params);
          }
        } else {
          const sql = `UPDATE ${table} SET ${group.column} = ${group.column} + ? WHERE ${group.keyColumns.map((c) => `${c} = ?`).join(" AND ")}`;
          for (const { key, amount } of group.counts.values()) if (amount !== 0) await statement(db, sql).run(amount, ...key);
        }
      }
    }
  }

  private groupsOf(table: string): Group[] {
    let groups = this.tables.get(table);
    if (!groups) this.tables.set(table, (groups = []));
    return groups;
  }
}
