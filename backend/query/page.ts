import type { Db, SqlValue } from "../db/db.js";
import { statement } from "../db/statements.js";
import type { PageRequest } from "../../core/api/schemas/page.js";
import { Refusal } from "./refusal.js";

/** A sortable expression of a list and what its values are (a cursor carries one). */
export interface SortKey {
  sql: string;
  kind: "number" | "text";
}

/**
 * How a list pages: its sort names and their (non-null) expressions, the unique key that orders
 * rows which tie, and the expressions `q` searches.
 */
export interface ListShape<S extends string = string> {
  sorts: Record<S, SortKey>;
  key: SortKey;
  search: readonly string[];
}

/** The rows a list query selects before paging: its FROM, columns and WHERE conditions with their parameters. */
export interface ListSource {
  columns: string;
  from: string;
  where: readonly string[];
  params: readonly SqlValue[];
}

export interface Page<R> {
  rows: R[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

type Cursor = [sort: string, value: number | string, key: number | string];

/** The opaque cursor after a row: the page's sort, and the row's sort value and key. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function valueOfKind(value: unknown, kind: SortKey["kind"]): boolean {
  return kind === "number" ? typeof value === "number" && Number.isFinite(value) : typeof value === "string";
}

/** The cursor's position, refused when it was not made by this list in this order (a cursor is opaque but not trusted). */
export function decodeCursor(after: string, sort: string, valueKind: SortKey["kind"], keyKind: SortKey["kind"]): [number | string, number | string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw Refusal.invalid("Invalid query: after: not a cursor of this list");
  const [cursorSort, value, key] = parsed as unknown[];
  if (cursorSort !== sort) throw Refusal.invalid(`Invalid query: after: the cursor was made for sort=${String(cursorSort)}, not sort=${sort}`);
  if (!valueOfKind(value, valueKind) || !valueOfKind(key, keyKind)) throw Refusal.invalid("Invalid query: after: not a cursor of this list");
  return [value as number | string, key as number | string];
}

/** `q` as a LIKE pattern: its wildcards matched literally. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of `source` in `request`'s order: keyset paging on (sort expression, key), so a page
 * is read through an index and rows that arrive meanwhile neither repeat nor shift the pages
 * after the cursor.
 */
export async function pageOf<R>(db: Db, source: ListSource, shape: ListShape, request: PageRequest): Promise<Page<R>> {
  const descending = request.sort.startsWith("-");
  const sortName = descending ? request.sort.slice(1) : request.sort;
  const sortKey = (shape.sorts as Record<string, SortKey | undefined>)[sortName];
  if (!sortKey) throw Refusal.invalid(`Invalid query: sort: this list sorts by ${Object.keys(shape.sorts).join(", ")}`);
  const where = [...source.where];
  const params = [...source.params];
  if (request.q !== undefined && shape.search.length > 0) {
    where.push(`(${shape.search.map((expr) => `LOWER(${expr}) LIKE ? ESCAPE '\\'`).join(" OR ")})`);
    params.push(...shape.search.map(() => likePattern(request.q!)));
  }
  if (request.after !== undefined) {
    const [value, key] = decodeCursor(request.after, request.sort, sortKey.kind, shape.key.kind);
    // Written out rather than as a row value: each store then uses its index on the leading column.
    const past = descending ? "<" : ">";
    where.push(`(${sortKey.sql} ${past} ? OR (${sortKey.sql} = ? AND ${shape.key.sql} ${past} ?))`);
    params.push(value, value, key);
  }
  const direction = descending ? "DESC" : "ASC";
  const sql = `SELECT ${source.columns}, ${sortKey.sql} AS page_sort, ${shape.key.sql} AS page_key FROM ${source.from}
    ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY page_sort ${direction}, page_key ${direction} LIMIT ?`;
  const rows = (await statement(db, sql).all(...params, request.limit + 1)) as (R & { page_sort: number | string; page_key: number | string })[];
  const shown = rows.slice(0, request.limit);
  const last = shown[shown.length - 1];
  return {
    rows: shown,
    next: rows.length > request.limit && last ? encodeCursor([request.sort, last.page_sort, last.page_key]) : null,
  };
}
