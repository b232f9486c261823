import type { Response } from "express";
import type { Db } from "../db/db.js";
import { getMeta } from "../db/meta.js";
import { NotificationWatcher, type Notification } from "./notifications.js";

/** What the hub needs from the indexer: its "indexed" event, after every committed batch. */
export interface IndexedSource {
  on(event: "indexed", listener: () => void): unknown;
  off(event: "indexed", listener: () => void): unknown;
}

export const HEARTBEAT_MS = 15_000;

/** Open streams one account may hold at once (a few tabs); more are refused with 429. */
export const MAX_STREAMS_PER_ACCOUNT = 4;

interface Subscriber {
  watcher: NotificationWatcher;
  res: Response;
}

/**
 * The server-sent-event connections of the notification feed. Each indexed batch re-checks every
 * subscriber's watcher and writes what changed; a comment line every 15 s keeps proxies and
 * browsers from timing the stream out. Event ids are the indexed block number, so a client's
 * Last-Event-ID says which proposals it has already heard of.
 */
export class FeedHub {
  private readonly subscribers = new Set<Subscriber>();
  private heartbeat: NodeJS.Timeout | null = null;
  // One check at a time: a watcher remembers what it has sent, so two must not interleave.
  private checking: Promise<void> = Promise.resolve();
  private readonly onIndexed = () => {
    this.checking = this.checking.then(() => this.checkAll()).catch(() => {});
  };

  constructor(
    private readonly db: Db,
    private readonly source: IndexedSource | undefined,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** The streams `address` holds open now. */
  streamsOf(address: string): number {
    let n = 0;
    for (const sub of this.subscribers) if (sub.watcher.address === address) n++;
    return n;
  }

  /** Opens the event stream on `res` for `address` and sends what is already due. */
  async subscribe(address: string, res: Response, resumeAfterBlock?: number): Promise<void> {
    res.status(200);
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    res.setHeader("Cache-Control", "no-cache, no-transform");
    res.setHeader("Connection", "keep-alive");
    res.setHeader("X-Accel-Buffering", "no");
    res.flushHeaders();
    res.write("retry: 3000\n\n");
    const sub: Subscriber = { watcher: new NotificationWatcher(this.db, address), res };
    if (this.subscribers.size === 0) this.activate();
    this.subscribers.add(sub);
    res.on("close", () => this.drop(sub));
    // Queued with the checks: a batch indexed meanwhile is checked after this first look.
    const first = this.checking.then(async () => this.send(sub, await sub.watcher.start(resumeAfterBlock), await this.eventId()));
    this.checking = first.catch(() => {});
    await first;
  }

  /** Ends every stream (server stop): clients see a clean end of stream, not a reset. */
  close(): void {
    for (const sub of [...this.subscribers]) {
      sub.res.end();
      this.drop(sub);
    }
  }

  private activate(): void {
    this.source?.on("indexed", this.onIndexed);
    this.heartbeat = setInterval(() => {
      for (const sub of this.subscribers) sub.res.write(": heartbeat\n\n");
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private drop(sub: Subscriber): void {
    if (!this.subscribers.delete(sub) || this.subscribers.size > 0) return;
    this.source?.off("indexed", this.onIndexed);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async checkAll(): Promise<void> {
    const id = await this.eventId();
    for (const sub of [...this.subscribers]) this.send(sub, await sub.watcher.check(), id);
  }

  /** The stream's event id: the indexed block, read once per round for every subscriber. */
  private async eventId(): Promise<string> {
    return (await getMeta(this.db, "checkpoint_block")) ?? "0";
  }

  private send(sub: Subscriber, notes: Notification[], id: string): void {
    for (const note of notes) {
      sub.res.write(`id: ${id}\nevent: ${note.type}\ndata: ${JSON.stringify(note)}\n\n`);
    }
  }
}
