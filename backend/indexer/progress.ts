/** Logs catch-up speed every few seconds, and once when the head is reached. */
export class Progress {
  private windowStart = Date.now();
  private windowBlocks = 0;
  private windowLogs = 0;
  private catchingUp = false;
  private catchUpStart = 0;
  private catchUpLogs = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly everyMs = 5000,
  ) {}

  /** A batch committed; `startedAt` (ms) is when its step began, so a catch-up's time counts its first batch too. */
  batch(to: number, head: number, blocks: number, logs: number, startedAt = Date.now()): void {
    if (!this.catchingUp && head - to > 0) {
      this.catchingUp = true;
      this.catchUpStart = startedAt;
      this.catchUpLogs = 0;
      this.windowStart = startedAt;
      this.windowBlocks = 0;
      this.windowLogs = 0;
    }
    this.windowBlocks += blocks;
    this.windowLogs += logs;
    this.catchUpLogs += logs;
    const now = Date.now();
    if (this.catchingUp && now - this.windowStart >= this.everyMs) {
      const seconds = (now - this.windowStart) / 1000;
      this.log(`indexer: block ${to} of ${head} (${Math.round(this.windowBlocks / seconds)} blocks/s, ${Math.round(this.windowLogs / seconds)} logs/s)`);
      this.windowStart = now;
      this.windowBlocks = 0;
      this.windowLogs = 0;
    }
    if (this.catchingUp && to >= head) {
      this.catchingUp = false;
      const seconds = (now - this.catchUpStart) / 1000;
      if (seconds >= 1) this.log(`indexer: caught up with block ${head} (${this.catchUpLogs} logs in ${seconds.toFixed(1)} s)`);
    }
  }
}
