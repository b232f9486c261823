import type { Request, Response } from "express";
import type { Page } from "../query/page.js";
import type { MemoryPage } from "../query/memoryPage.js";

/**
 * Answers a page: its rows as the body, and the next page's address (this request's own, with
 * the cursor) in a `Link: <…>; rel="next"` header; relative, so it never trusts the Host header.
 */
export function answerPage<R>(io: { req: Request; res: Response }, page: Page<R>): R[] {
  if (page.next !== null) {
    const url = new URL(io.req.originalUrl, "http://relative.invalid");
    url.searchParams.set("after", page.next);
    io.res.setHeader("Link", `<${url.pathname}${url.search}>; rel="next"`);
  }
  return page.rows;
}

/** A page that also says how many rows match its search (a route declared `counted`): answerPage, with X-Total-Count. */
export function answerCountedPage<R>(io: { req: Request; res: Response }, page: MemoryPage<R>): R[] {
  io.res.setHeader("X-Total-Count", String(page.matching));
  return answerPage(io, page);
}
