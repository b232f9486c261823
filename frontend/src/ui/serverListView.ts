import { useRef, useState } from "react";
import type { ServerPage, ServerPageQuery } from "../api/client.js";
import { useApi, type Loaded } from "../api/useApi.js";
import { sortAfterClick, type ListView, type SortDirection } from "./listView.js";

// Search, sorting and paging for a list too large to hold whole (a cycle's tens of thousands of
// flows): the API sorts, searches and pages it, and says how many rows match. The same ListView
// as a held list's, so the same ListTable shows it; pages are followed by the API's cursors.

const DEFAULT_PAGE_SIZE = 20;

/** A page with the search it answers. */
interface AnsweredPage<T> extends ServerPage<T> {
  searched: string;
}

export interface ServerListView<T, K extends string> extends ListView<T, K> {
  loaded: Loaded<AnsweredPage<T>>;
}

export function useServerListView<T, K extends string>(
  load: (query: ServerPageQuery) => Promise<ServerPage<T>>,
  opts: {
    initialSort: { key: K; direction: SortDirection };
    /** Rows in the list, searched or not; without it, what the API counted when last asked without a search. */
    total?: number;
    /** Changes whenever the list may have changed: the page shown is read again. */
    reloadKey: string;
    pageSize?: number;
  },
): ServerListView<T, K> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const [query, setQueryState] = useState("");
  const [sort, setSort] = useState(opts.initialSort);
  // The cursor of each page reached so far: page p is read after cursors[p - 1] (none for the first).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPageState] = useState(1);
  const after = cursors[page - 1];
  const sortParam = `${sort.direction === "desc" ? "-" : ""}${sort.key}`;
  const q = query.trim();
  const loaded = useApi(
    async (): Promise<AnsweredPage<T>> => ({
      ...(await load({ sort: sortParam, limit: pageSize, ...(q ? { q } : {}), ...(after !== undefined ? { after } : {}) })),
      searched: q,
    }),
    JSON.stringify([sortParam, q, after ?? null, pageSize, opts.reloadKey]),
  );
  const matching = loaded.data?.matching ?? 0;
  // The count of an unsearched page is the list's size; a searched page's answer leaves the last one standing.
  const counted = useRef(0);
  if (loaded.data?.searched === "") counted.current = matching;
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const restart = () => {
    setCursors([undefined]);
    setPageState(1);
  };
  return {
    loaded,
    rows: loaded.data?.rows ?? [],
    matching,
    total: opts.total ?? counted.current,
    query,
    setQuery: (text) => {
      setQueryState(text);
      restart();
    },
    sort,
    sortBy: (key) => {
      setSort((s) => sortAfterClick(s, key));
      restart();
    },
    page,
    pages,
    setPage: (p) => {
      // Back to any page reached; forward one page at a time, after the page shown.
      if (p >= 1 && p < page) setPageState(p);
      const next = loaded.data?.next;
      if (p === page + 1 && next && !loaded.loading) {
        setCursors((c) => [...c.slice(0, page), next]);
        setPageState(p);
      }
    },
    pageSize,
  };
}
