import { leads, type Leadership } from "../db/leader.js";
import type { Indexer } from "../indexer/indexer.js";

/**
 * The rhythm every operator shares: a pass after each indexed batch and on a timer (for clocks
 * and nodes that change without a batch), never two at once, one more if asked while running.
 */
export class PassLoop {
  private running = false;
  private pass: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly kick = () => this.schedule();

  constructor(
    private readonly indexer: Pick<Indexer, "on" | "off">,
    private readonly pollMs: number,
    private readonly runPass: () => Promise<void>,
    private readonly onError: (err: Error) => void,
    /** Replicas: passes run only in the process holding this role. */
    private readonly leadership?: Leadership,
  ) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.indexer.on("indexed", this.kick);
    this.timer = setInterval(this.kick, this.pollMs);
    this.leadership?.start(this.kick);
    this.schedule();
  }

  /** Stops after the pass in flight, which finishes its work. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.indexer.off("indexed", this.kick);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
    await this.leadership?.stop();
  }

  /** Resolves when no pass is running (tests wait for the operator to settle). */
  async idle(): Promise<void> {
    while (this.pass) await this.pass;
  }

  /** Asks for another pass once this one ends (the pass changed something worth another look). */
  requestAnother(): void {
    this.again = true;
  }

  schedule(): void {
    if (!this.running) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.loop().finally(() => {
      this.pass = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        if (!leads(this.leadership)) return;
        await this.runPass();
      } catch (err) {
        this.onError(err as Error);
      }
    } while (this.again && this.running);
  }
}
