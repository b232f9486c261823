import { useMemo, useState, type ReactNode } from "react";
import { TableScroll } from "./TableScroll.js";

// Search, sorting and paging for a list the page holds whole: the toolbar's search box, sortable
// column headers and the pager below the table. Paging is by position in the filtered, sorted list.

export type SortDirection = "asc" | "desc";

export interface ListViewOptions<T, K extends string> {
  /** The texts a search matches (case-insensitive, every word somewhere). */
  searchText: (row: T) => readonly (string | number | null | undefined)[];
  /** One comparison per sortable column, ascending. */
  sorts: Record<K, (a: T, b: T) => number>;
  initialSort: { key: NoInfer<K>; direction: SortDirection };
  pageSize?: number;
}

export interface ListView<T, K extends string> {
  /** The rows of the current page. */
  rows: T[];
  /** Rows that match the search, on every page. */
  matching: number;
  total: number;
  query: string;
  setQuery: (q: string) => void;
  sort: { key: K; direction: SortDirection };
  sortBy: (key: K) => void;
  page: number;
  pages: number;
  setPage: (page: number) => void;
  pageSize: number;
}

const DEFAULT_PAGE_SIZE = 20;

/** Compares texts as people read them: "Seat 2" before "Seat 10", case aside. */
export const byText =
  <T,>(text: (row: T) => string) =>
  (a: T, b: T) =>
    text(a).localeCompare(text(b), undefined, { numeric: true, sensitivity: "base" });
export const byNumber =
  <T,>(value: (row: T) => number | bigint) =>
  (a: T, b: T) => {
    const [x, y] = [value(a), value(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };

/** What a page of the list shows: the rows matching `query` in `sort` order, page `page` of them (clamped). */
export function listPage<T, K extends string>(
  all: readonly T[],
  state: { query: string; sort: { key: K; direction: SortDirection }; page: number; pageSize: number },
  opts: Pick<ListViewOptions<T, K>, "searchText" | "sorts">,
): { rows: T[]; matching: number; page: number; pages: number } {
  const words = state.query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches =
    words.length === 0
      ? [...all]
      : all.filter((row) => {
          const text = opts
            .searchText(row)
            .filter((v) => v !== null && v !== undefined)
            .join(" ")
            .toLowerCase();
          return words.every((w) => text.includes(w));
        });
  const compare = opts.sorts[state.sort.key];
  // Array.prototype.sort is stable: equal rows keep the order the API gave them.
  matches.sort((a, b) => (state.sort.direction === "asc" ? compare(a, b) : compare(b, a)));
  const pages = Math.max(1, Math.ceil(matches.length / state.pageSize));
  const page = Math.min(Math.max(1, state.page), pages);
  return { rows: matches.slice((page - 1) * state.pageSize, page * state.pageSize), matching: matches.length, page, pages };
}

/** The order after a click on `key`'s header: the other way round when it is the order already, else ascending by it. */
export function sortAfterClick<K extends string>(sort: { key: K; direction: SortDirection }, key: K): { key: K; direction: SortDirection } {
  return sort.key === key ? { key, direction: sort.direction === "asc" ? "desc" : "asc" } : { key, direction: "asc" };
}

export function useListView<T, K extends string>(all: readonly T[], opts: ListViewOptions<T, K>): ListView<T, K> {
  const [query, setQueryState] = useState("");
  const [sort, setSort] = useState(opts.initialSort);
  const [page, setPage] = useState(1);
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const shown = useMemo(
    () => listPage(all, { query, sort, page, pageSize }, opts),
    // searchText and sorts are written inline by callers; the list, the query, the sort and the page decide the result.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [all, query, sort, page, pageSize],
  );
  return {
    rows: shown.rows,
    matching: shown.matching,
    total: all.length,
    query,
    setQuery: (q) => {
      setQueryState(q);
      setPage(1);
    },
    sort,
    sortBy: (key) => {
      setSort((s) => sortAfterClick(s, key));
      setPage(1);
    },
    page: shown.page,
    pages: shown.pages,
    setPage: (p) => setPage(Math.min(Math.max(1, p), shown.pages)),
    pageSize,
  };
}

/** The search box and the count above a list: "12 of 80 members". */
export function ListSearch<T, K extends string>({ view, noun, one, placeholder }: { view: ListView<T, K>; noun: string; one: string; placeholder?: string }) {
  const counted = `${view.total} ${view.total === 1 ? one : noun}`;
  const id = `search-${noun.replace(/\W+/g, "-")}`;
  return (
    <div className="list-search" role="search" aria-label={`Search ${noun}`}>
      <label htmlFor={id} className="visually-hidden">
        Search {noun}
      </label>
      <input id={id} type="search" value={view.query} placeholder={placeholder ?? `Search ${noun}…`} onChange={(e) => view.setQuery(e.target.value)} />
      <span className="muted small" aria-live="polite" data-testid={`${id}-count`}>
        {view.query ? `${view.matching} of ${counted}` : counted}
      </span>
    </div>
  );
}

/** A column header that sorts the list by its column; aria-sort tells which way. */
function SortHeader<T, K extends string>({ view, column, children, className }: { view: ListView<T, K>; column: K; children: ReactNode; className?: string }) {
  const active = view.sort.key === column;
  const direction = active ? (view.sort.direction === "asc" ? "ascending" : "descending") : "none";
  return (
    <th className={className} aria-sort={direction}>
      <button type="button" className="sort-header" onClick={() => view.sortBy(column)}>
        {children}
        <span aria-hidden="true" className="sort-mark">
          {active ? (view.sort.direction === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

/** A column of a list's table: its heading, and the sort it offers, if any. */
export interface ListColumn<K extends string> {
  label: ReactNode;
  sort?: K;
  className?: string;
  /** Left out of the table when false (a column only some readers see). */
  shown?: boolean;
}

/** The table's head row: sortable columns get a SortHeader. */
function ListHead<T, K extends string>({ view, columns }: { view: ListView<T, K>; columns: readonly ListColumn<K>[] }) {
  return (
    <thead>
      <tr>
        {columns
          .filter((c) => c.shown !== false)
          .map((c, i) =>
            c.sort ? (
              <SortHeader key={i} view={view} column={c.sort} className={c.className}>
                {c.label}
              </SortHeader>
            ) : (
              <th key={i} className={c.className}>
                {c.label}
              </th>
            ),
          )}
      </tr>
    </thead>
  );
}

/** The row a search that matches nothing leaves: says so across the table's `columns`. */
function NoMatchRow<T, K extends string>({ view, columns, noun }: { view: ListView<T, K>; columns: number; noun: string }) {
  if (view.rows.length > 0) return null;
  return (
    <tr>
      <td colSpan={columns} className="empty">
        {view.query ? `No ${noun} matches “${view.query}”.` : `No ${noun} yet.`}
      </td>
    </tr>
  );
}

/** Previous and next pages, and where the reader is; nothing when everything fits on one page. */
export function Pager<T, K extends string>({ view, noun }: { view: ListView<T, K>; noun: string }) {
  if (view.pages <= 1) return null;
  const first = (view.page - 1) * view.pageSize + 1;
  const last = Math.min(view.page * view.pageSize, view.matching);
  return (
    <nav className="pager" aria-label={`Pages of ${noun}`}>
      <button type="button" className="button small" onClick={() => view.setPage(view.page - 1)} disabled={view.page === 1}>
        Previous
      </button>
      <span className="muted small" aria-live="polite">
        {first}–{last} of {view.matching} · page {view.page} of {view.pages}
      </span>
      <button type="button" className="button small" onClick={() => view.setPage(view.page + 1)} disabled={view.page === view.pages}>
        Next
      </button>
    </nav>
  );
}

/**
 * A list as a table: the search box, the sortable head, the rows (`children`, the current page's),
 * a row saying when nothing matches, the foot if any, and the pager. `noun` is plural ("members"), `one` singular.
 */
export function ListTable<T, K extends string>({
  view,
  label,
  noun,
  one,
  placeholder,
  columns,
  testId,
  footer,
  children,
}: {
  view: ListView<T, K>;
  label: string;
  noun: string;
  one: string;
  placeholder: string;
  columns: readonly ListColumn<K>[];
  testId?: string;
  /** The table's foot (totals over every row, not the page's). */
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <ListSearch view={view} noun={noun} one={one} placeholder={placeholder} />
      <TableScroll label={label}>
        <table className="table" data-testid={testId} aria-label={label}>
          <ListHead view={view} columns={columns} />
          <tbody>
            {children}
            <NoMatchRow view={view} columns={columns.filter((c) => c.shown !== false).length} noun={one} />
          </tbody>
          {footer && <tfoot>{footer}</tfoot>}
        </table>
      </TableScroll>
      <Pager view={view} noun={noun} />
    </>
  );
}
