import type { PageRequest } from "../../core/api/schemas/page.js";
import { decodeCursor, encodeCursor, type Page } from "./page.js";
import { Refusal } from "./refusal.js";

// Paging over a list computed in memory (a cycle's flows: sums no SQL of both stores can take
// over uint256 text), with the same cursors, sorts and search as the lists read from SQL
// (query/page.ts): keyset paging on (sort value, unique key), so rows that arrive meanwhile
// neither repeat nor shift the pages after the cursor.

/** A sortable value of the list's rows; amounts are uint256 (compared exactly, carried as decimal text). */
export type MemorySort<R> =
  { kind: "number"; value: (row: R) => number } | { kind: "text"; value: (row: R) => string } | { kind: "amount"; value: (row: R) => bigint };

export interface MemoryList<R, S extends string> {
  sorts: Record<S, MemorySort<R>>;
  /** The unique key that orders rows which tie. */
  key: (row: R) => string;
  /** The row's searchable text, lowercase: `q` matches where it is a part of it. */
  search: (row: R) => string;
}

export interface MemoryPage<R> extends Page<R> {
  /** Rows matching `q` over every page. */
  matching: number;
}

// As people read names: "Seat 2" before "Seat 10", case aside (the web app's tables sort so).
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function compareValues<R>(sort: MemorySort<R>, a: number | string | bigint, b: number | string | bigint): number {
  if (sort.kind === "text") return collator.compare(a as string, b as string);
  return a < b ? -1 : a > b ? 1 : 0;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each list's rows in each sort's ascending order, sorted once per list. */
const sortedOrders = new WeakMap<readonly unknown[], Map<string, readonly unknown[]>>();

function ascending<R, S extends string>(rows: readonly R[], list: MemoryList<R, S>, name: S): readonly R[] {
  let orders = sortedOrders.get(rows);
  if (!orders) sortedOrders.set(rows, (orders = new Map()));
  let sorted = orders.get(name) as readonly R[] | undefined;
  if (!sorted) {
    const sort = list.sorts[name];
    const keyed = rows.map((row) => ({ row, value: sort.value(row), key: list.key(row) }));
    const order = (a: (typeof keyed)[number], b: (typeof keyed)[number]) => compareValues(sort, a.value, b.value) || byKey(a.key, b.key);
    // A list is often made in one of its orders (a cycle's flows by arrow): then it is its own.
    if (!keyed.every((k, i) => i === 0 || order(keyed[i - 1]!, k) <= 0)) keyed.sort(order);
    sorted = keyed.map((k) => k.row);
    orders.set(name, sorted);
  }
  return sorted;
}

/** The cursor's sort value, refused unless it is one this sort could have made. */
function cursorValue<R>(sort: MemorySort<R>, value: number | string): number | string | bigint {
  if (sort.kind !== "amount") return value;
  if (typeof value !== "string" || !/^[0-9]{1,78}$/.test(value)) throw Refusal.invalid("Invalid query: after: not a cursor of this list");
  return BigInt(value);
}

/** The first position in `sorted` where `reached` holds (it holds from there on), by bisection; the length when nowhere. */
function firstIndex<R>(sorted: readonly R[], reached: (row: R) => boolean): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (reached(sorted[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** One page of `rows` in `request`'s order, with how many rows match `q`. */
export function memoryPageOf<R, S extends string>(rows: readonly R[], list: MemoryList<R, S>, request: PageRequest): MemoryPage<R> {
  const descending = request.sort.startsWith("-");
  const name = (descending ? request.sort.slice(1) : request.sort) as S;
  const sort = (list.sorts as Record<string, MemorySort<R> | undefined>)[name];
  if (!sort) throw Refusal.invalid(`Invalid query: sort: this list sorts by ${Object.keys(list.sorts).join(", ")}`);
  const sorted = ascending(rows, list, name);
  const q = request.q?.toLowerCase();
  const matches = (row: R) => q === undefined || list.search(row).includes(q);
  let start = descending ? sorted.length - 1 : 0;
  if (request.after !== undefined) {
    const [rawValue, key] = decodeCursor(request.after, request.sort, sort.kind === "number" ? "number" : "text", "text");
    const value = cursorValue(sort, rawValue);
    const fromCursor = (row: R) => compareValues(sort, sort.value(row), value) || byKey(list.key(row), key as string);
    // Ascending: the first row after the cursor's; descending: the last row before it.
    start = descending ? firstIndex(sorted, (row) => fromCursor(row) >= 0) - 1 : firstIndex(sorted, (row) => fromCursor(row) > 0);
  }
  const shown: R[] = [];
  let more = false;
  for (let i = start; descending ? i >= 0 : i < sorted.length; i += descending ? -1 : 1) {
    const row = sorted[i]!;
    if (!matches(row)) continue;
    if (shown.length === request.limit) {
      more = true;
      break;
    }
    shown.push(row);
  }
  const last = shown[shown.length - 1];
  const cursorOf = (row: R) => {
    const v = sort.value(row);
    return encodeCursor([request.sort, typeof v === "bigint" ? v.toString() : v, list.key(row)]);
  };
  return {
    rows: shown,
    next: more && last ? cursorOf(last) : null,
    matching: q === undefined ? rows.length : rows.reduce((n, row) => n + (matches(row) ? 1 : 0), 0),
  };
}
