import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import pg from "pg";
import type { Db, RunResult, SqlRow, SqlValue, Statement } from "./db.js";
import { TransactionGate } from "./gate.js";

type Queryable = pg.Pool | pg.Client | pg.PoolClient;

// Rows read the same as from SQLite: BIGINT counts and sums as numbers, booleans as 0/1.
const PARSERS: Record<number, (value: string) => unknown> = {
  20: Number, // int8: COUNT(*), BIGINT columns (blocks, times)
  1700: Number, // numeric: SUM over BIGINT
  16: (value) => (value === "t" ? 1 : 0), // bool: comparisons and EXISTS in select lists
};
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

// The first key of every advisory lock the platform takes, apart from other users of the database.
export const SERIALIZE_NAMESPACE = 0x636c7573; // "clus"

/** A lock's second key: a stable 32-bit number from its name. */
export function lockKey(name: string): number {
  return createHash("sha256").update(name).digest().readInt32BE(0);
}

const numbered = new Map<string, { text: string; name: string }>();

/**
 * The query with `?` placeholders numbered as PostgreSQL wants them ($1, $2, ...), skipping
 * quoted text and comments, and a name under which each connection prepares it once.
 */
function numberPlaceholders(sql: string): { text: string; name: string } {
  let known = numbered.get(sql);
  if (known) return known;
  let text = "";
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end;
      text += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end === -1 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === "?") {
      // SQLite's numbered form ?NNN names its parameter; a bare ? takes the next number.
      const digits = /^\d+/.exec(sql.slice(i + 1))?.[0];
      text += `$${digits ?? ++n}`;
      i += digits?.length ?? 0;
    } else text += c;
  }
  numbered.set(sql, (known = { text, name: `q${numbered.size}` }));
  return known;
}

/**
 * The production store: a pool of connections to one PostgreSQL database shared by any number
 * of API processes. `session()` gives a store on one connection of its own, for an elected
 * leader whose writes must end with its session (backend/db/leader.ts).
 */
export class PostgresDb implements Db {
  readonly dialect = "postgres";
  private readonly gate = new TransactionGate<Queryable>();
  private closed = false;
  private listener: Promise<pg.Client> | null = null;
  private readonly listeners = new EventEmitter();
  private readonly channels = new WeakMap<pg.Client, Set<string>>();

  private constructor(
    private readonly target: { pool: pg.Pool } | { client: pg.Client },
    private readonly url: string,
  ) {}

  /** A pool over `url`, checked by one round trip so a wrong URL fails at startup. */
  static async connect(url: string, max = 10): Promise<PostgresDb> {
    const pool = new pg.Pool({ connectionString: url, max, types, idleTimeoutMillis: 30_000 });
    // An idle connection the server closed: the next query reconnects; the error needs no other handling.
    pool.on("error", () => {});
    const db = new PostgresDb({ pool }, url);
    await pool.query("SELECT 1").catch(async (err: Error) => {
      await pool.end();
      throw new Error(`Cannot reach the PostgreSQL index at ${redact(url)}: ${err.message}`);
    });
    return db;
  }

  /** A store on one new connection of its own; `onLost` runs once if the connection fails. */
  async session(onLost: (err: Error) => void): Promise<PostgresDb> {
    const client = new pg.Client({ connectionString: this.url, types });
    // Listened to for good: a second "error" with no listener would end the process.
    let lost = false;
    const end = (err: Error) => {
      if (!lost) onLost(err);
      lost = true;
    };
    client.on("error", end);
    client.on("end", () => end(new Error("connection closed")));
    await client.connect();
    return new PostgresDb({ client }, this.url);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  prepare(sql: string): Statement {
    const { text, name } = numberPlaceholders(sql);
    const query = (params: SqlValue[]) => this.use((c) => c.query<SqlRow>({ text, name, values: params }));
    return {
      all: async (...params) => (await query(params)).rows,
      get: async (...params) => (await query(params)).rows[0],
      run: async (...params): Promise<RunResult> => ({ changes: (await query(params)).rowCount ?? 0 }),
    };
  }

  async exec(sql: string): Promise<void> {
    await this.use((c) => c.query(sql));
  }

  transaction<T>(work: (tx: Db) => Promise<T>, serialize?: string): Promise<T> {
    const target = this.target;
    const exec = async (c: Queryable, sql: string) => void (await c.query(sql));
    return this.gate.run(
      "client" in target,
      async () => ("client" in target ? target.client : target.pool.connect()),
      {
        begin: async (c) => {
          await exec(c, "BEGIN");
          // Held to COMMIT or ROLLBACK, by whichever process asks first.
          if (serialize !== undefined) await c.query("SELECT pg_advisory_xact_lock($1, $2)", [SERIALIZE_NAMESPACE, lockKey(serialize)]);
        },
        commit: (c) => exec(c, "COMMIT"),
        rollback: (c) => exec(c, "ROLLBACK"),
        release: (c) => {
          if ("pool" in target) (c as pg.PoolClient).release();
        },
      },
      () => work(this),
    );
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.prepare("SELECT pg_notify(?, ?)").run(channel, payload);
  }

  /**
   * LISTEN on a connection kept for notices; a lost one is replaced (after a pause) and its
   * listeners called with "" so they look for what they may have missed.
   */
  async listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    this.listeners.on(channel, listener);
    await this.listening(channel);
    return async () => void this.listeners.off(channel, listener);
  }

  private async listening(channel: string): Promise<void> {
    if (!this.listener) {
      this.listener = (async () => {
        const client = new pg.Client({ connectionString: this.url, types });
        client.on("notification", (n) => this.listeners.emit(n.channel, n.payload ?? ""));
        const lost = () => {
          if (this.listener !== connected) return;
          this.listener = null;
          void client.end().catch(() => {});
          if (this.closed) return;
          setTimeout(() => {
            const channels = this.listeners.eventNames().map(String);
            void Promise.all(channels.map((c) => this.listening(c))).then(
              () => channels.forEach((c) => this.listeners.emit(c, "")),
              () => lost(),
            );
          }, 500).unref();
        };
        client.on("error", lost);
        client.on("end", lost);
        await client.connect();
        return client;
      })();
      const connected = this.listener;
      connected.catch(() => {
        if (this.listener === connected) this.listener = null;
      });
    }
    const client = await this.listener;
    if (this.channels.get(client)?.has(channel)) return;
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    const set = this.channels.get(client) ?? new Set<string>();
    set.add(channel);
    this.channels.set(client, set);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    if (listener) await (await listener.catch(() => null))?.end().catch(() => {});
    if ("pool" in this.target) await this.target.pool.end();
    else await this.target.client.end().catch(() => {});
  }

  /**
   * Sends a query on the transaction's connection inside one; otherwise on the pool, or on the
   * session once no other caller's transaction holds it. Sent in the tick it was checked: a
   * connection runs queries in the order they were sent, so none can land inside a transaction
   * that began after the check.
   */
  private use<T>(send: (c: Queryable) => Promise<T>): Promise<T> {
    const tx = this.gate.current();
    if (tx) return send(tx.connection);
    if ("pool" in this.target) return send(this.target.pool);
    const other = this.gate.foreign();
    if (other) return other.done.then(() => this.use(send));
    return send(this.target.client);
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
