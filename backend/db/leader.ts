import { EventEmitter } from "node:events";
import type { Db } from "./db.js";
import { lockKey, PostgresDb, SERIALIZE_NAMESPACE } from "./postgres.js";
import { statement } from "./statements.js";

/** How often a process that does not lead asks again (a dead leader's lock is free at once: its session ended). */
export const CAMPAIGN_MS = 1000;

/**
 * One role that only one process may play at a time: the indexer, each operator, the webhook
 * dispatcher. With PostgreSQL the role is held through a session-level advisory lock on a
 * connection of its own: the server frees it the moment that connection ends (a kill -9 of the
 * process), and the leader's writes go through the same connection, so they end with it. With
 * SQLite, one process owns the index and always leads.
 */
export class Leadership extends EventEmitter<{ elected: []; deposed: [] }> {
  private session: PostgresDb | null = null;
  private leading: Db | null;
  private timer: NodeJS.Timeout | null = null;
  private campaign: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    readonly role: string,
    private readonly log: (line: string) => void = () => {},
    private readonly campaignMs = CAMPAIGN_MS,
  ) {
    super();
    this.leading = db instanceof PostgresDb ? null : db;
  }

  /** The store to write through while this process leads; null while another one does. */
  get writer(): Db | null {
    return this.leading;
  }

  /** Other processes may hold the role (a shared PostgreSQL index); with SQLite this one always does. */
  get contested(): boolean {
    return this.db instanceof PostgresDb;
  }

  /**
   * Starts asking for the role (at once, then every CAMPAIGN_MS while another process has it);
   * `onElected` runs each time this process gets it.
   */
  start(onElected?: () => void): void {
    if (onElected) this.on("elected", onElected);
    if (!(this.db instanceof PostgresDb) || this.timer) return;
    this.stopped = false;
    const ask = () => {
      this.campaign ??= this.tryLead().finally(() => (this.campaign = null));
    };
    this.timer = setInterval(ask, this.campaignMs);
    this.timer.unref();
    ask();
  }

  /** Gives the role up (the lock goes with the session) and forgets the start's listener. */
  async stop(): Promise<void> {
    this.removeAllListeners("elected");
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.campaign;
    const session = this.session;
    this.session = null;
    if (this.db instanceof PostgresDb) this.leading = null;
    await session?.close();
  }

  private async tryLead(): Promise<void> {
    if (this.leading || this.stopped || !(this.db instanceof PostgresDb)) return;
    try {
      if (!this.session) {
        let session: PostgresDb | undefined = undefined;
        session = await this.db.session((err) => this.lost(session, err));
        this.session = session;
      }
      const row = await statement(this.session, "SELECT pg_try_advisory_lock(?, ?) AS ok").get(SERIALIZE_NAMESPACE, lockKey(`role:${this.role}`));
      if (row?.ok !== 1 || this.stopped) return;
      this.leading = this.session;
      this.log(`${this.role}: leading (process ${process.pid})`);
      this.emit("elected");
    } catch (err) {
      this.log(`${this.role}: cannot ask for the role: ${(err as Error).message}`);
      const session = this.session;
      this.session = null;
      await session?.close();
    }
  }

  private lost(session: PostgresDb | undefined, err: Error): void {
    if (!session || session !== this.session) return;
    this.session = null;
    void session.close();
    if (this.leading !== session) return;
    this.leading = null;
    if (!this.stopped) this.log(`${this.role}: lost the role with its database session (${err.message}); asking again`);
    this.emit("deposed");
  }
}

/** Whether this process plays the role now: it does when no role is elected (one process, no replicas). */
export function leads(role: Leadership | undefined): boolean {
  return !role || role.writer !== null;
}
