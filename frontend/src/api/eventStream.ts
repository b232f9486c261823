/** One server-sent event (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface StreamEvent {
  type: string;
  data: string;
  lastEventId: string;
}

/**
 * Parses text/event-stream text as it arrives, chunk by chunk: `push` returns the events the
 * chunk completed. Follows the standard's line rules (CRLF, LF or CR; comments; the
 * `event`, `data`, `id` and `retry` fields; a blank line dispatches).
 */
export class EventStreamParser {
  private buffer = "";
  private type = "";
  private data: string[] = [];
  private pendingCr = false;
  /** The id of the event being received; it becomes lastEventId only once that event is complete. */
  private idBuffer = "";
  lastEventId = "";
  retryMs: number | undefined;

  push(chunk: string): StreamEvent[] {
    const out: StreamEvent[] = [];
    let text = this.buffer + chunk;
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.pendingCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== "\n" && c !== "\r") continue;
      this.line(text.slice(start, i), out);
      if (c === "\r") {
        if (i + 1 < text.length && text[i + 1] === "\n") i++;
        else if (i + 1 === text.length) this.pendingCr = true;
      }
      start = i + 1;
    }
    this.buffer = text.slice(start);
    return out;
  }

  /** Forgets a partly received event (a new connection); keeps the last event id and the retry time. */
  reset(): void {
    this.buffer = "";
    this.type = "";
    this.data = [];
    this.pendingCr = false;
    this.idBuffer = this.lastEventId;
  }

  private line(line: string, out: StreamEvent[]): void {
    if (line === "") {
      this.lastEventId = this.idBuffer;
      if (this.data.length > 0)
        out.push({
          type: this.type || "message",
          data: this.data.join("\n"),
          lastEventId: this.lastEventId,
        });
      this.type = "";
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.type = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id" && !value.includes("\0")) this.idBuffer = value;
    else if (field === "retry" && /^[0-9]+$/.test(value)) this.retryMs = Number(value);
  }
}

export interface EventStreamOptions {
  /** Sent as Authorization: Bearer; never in the URL. */
  token: string;
  onEvent(event: StreamEvent): void;
  /** Stops the stream and every reconnect. */
  signal: AbortSignal;
  /** First wait before reconnecting; the server's `retry:` replaces it. */
  retryMs?: number;
}

const MAX_RETRY_MS = 60_000;

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Reads a server-sent event stream with fetch, so that the session token travels in the
 * Authorization header (EventSource cannot set headers and would put it in the URL). Reconnects
 * like EventSource, with Last-Event-ID, after the stream ends or the network fails; backs off
 * when the server is busy (429, 5xx) and gives up on 401 and 403 (sign in again; not for you).
 */
export async function followEventStream(url: string, opts: EventStreamOptions): Promise<void> {
  const parser = new EventStreamParser();
  let failures = 0;
  while (!opts.signal.aborted) {
    parser.reset(); // half an event from a broken connection is dropped, as EventSource does
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${opts.token}`,
        accept: "text/event-stream",
      };
      if (parser.lastEventId) headers["last-event-id"] = parser.lastEventId;
      const res = await fetch(url, {
        headers,
        cache: "no-store",
        signal: opts.signal,
      });
      if (res.status === 401 || res.status === 403) return;
      if (res.ok && res.body) {
        failures = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) opts.onEvent(event);
        }
      } else {
        failures++;
      }
    } catch {
      if (opts.signal.aborted) return;
      failures++;
    }
    const base = parser.retryMs ?? opts.retryMs ?? 3000;
    await wait(Math.min(base * 2 ** Math.min(failures, 5), MAX_RETRY_MS), opts.signal);
  }
}
