import type { Session } from "./browser.js";

/** Retries `read` until `check` passes (the page updates asynchronously), then rethrows its last failure. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Chrome reports failed fetches (e.g. an expected 401) as console errors; those are not app errors. */
export function appErrors(session: Pick<Session, "pageErrors">): string[] {
  return session.pageErrors.filter((e) => !e.startsWith("Failed to load resource"));
}
