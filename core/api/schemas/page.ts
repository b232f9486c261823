import { z } from "zod";
import { DEFAULT_PAGE, MAX_PAGE } from "../pageSize.js";

/** `name` ascending, `-name` descending. */
export type SortParam<S extends string> = S | `-${S}`;

/**
 * The query of a paged list: `limit` rows after the cursor `after`, ordered by `sort`, matching
 * `q`. The next page's address is in the answer's `Link: <…>; rel="next"` header (none on the
 * last page), so the body stays the list itself.
 */
export function pageQuery<S extends string>(sorts: readonly [S, ...S[]], defaultSort: SortParam<S>, searched: string) {
  const values = sorts.flatMap((s) => [s, `-${s}`]) as [SortParam<S>, ...SortParam<S>[]];
  return z.object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE).describe(`Rows per page, 1 to ${MAX_PAGE}`),
    after: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,512}$/, "must be the cursor of a Link rel=next header")
      .optional()
      .describe('Cursor: the page after this one (taken from the `Link: <…>; rel="next"` header of the page before)'),
    sort: z
      .enum(values)
      // The generic enum's output type is not narrowed to SortParam<S> by TypeScript; the value is one of `values`.
      .default(defaultSort as never)
      .describe(`Order: ${sorts.join(", ")}; a leading "-" reverses it. Rows that tie are ordered by id.`),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      // No stored text holds control characters, and PostgreSQL refuses a NUL in any text parameter.
      .refine((text) => ![...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), "must not contain control characters")
      .optional()
      .describe(`Only rows whose ${searched} contains this text (case-insensitive)`),
  });
}

export type PageRequest = z.output<ReturnType<typeof pageQuery>>;

/** The first page, as long as a page may be, in `sort`'s order: for callers inside the platform (tests, scripts). */
export function firstPage(sort: string): PageRequest {
  return { limit: MAX_PAGE, sort };
}
