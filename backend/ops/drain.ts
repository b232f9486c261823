import type { Server, ServerResponse } from "node:http";

export interface HttpDrain {
  /** True from the first drain() on. */
  readonly draining: boolean;
  /**
   * Stops accepting connections, closes the idle ones, lets the requests in flight finish for up
   * to graceMs, then cuts what is left. Resolves, once every connection is closed, with the
   * number of requests that were cut.
   */
  drain(graceMs: number): Promise<number>;
}

/**
 * Follows a server's requests so that it can stop without cutting them. Attach it before the app:
 * its listener must see each request before the app can send the answer's headers.
 */
export function drainable(server: Server): HttpDrain {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: Promise<number> | null = null;

  // An answer sent while draining says Connection: close, so that its client does not reuse a
  // connection that is about to go (a kept-alive one may still bring a request after close()).
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader("Connection", "close");
  };
  server.on("request", (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (draining) closeAfter(res);
    res.once("close", () => {
      inFlight.delete(res);
      // A connection whose answer was already under way when draining began is idle only now.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  const drain = async (graceMs: number): Promise<number> => {
    draining = true;
    for (const res of inFlight) closeAfter(res);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
    const outcome = await Promise.race([closed, late]);
    clearTimeout(timer);
    if (outcome !== "late") return 0;
    const cut = inFlight.size;
    server.closeAllConnections();
    await closed;
    return cut;
  };

  return {
    get draining() {
      return draining;
    },
    drain: (graceMs) => (drained ??= drain(graceMs)),
  };
}
