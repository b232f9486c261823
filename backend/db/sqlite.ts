import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { Db, RunResult, SqlRow, SqlValue, Statement } from "./db.js";
import { TransactionGate } from "./gate.js";

/**
 * The embedded store: one SQLite connection in WAL mode, so a committed batch survives a kill -9
 * and other processes (the CLI, tests) may read beside it. Queries run synchronously inside the
 * returned promises; a transaction's work may await, and queries from outside it wait.
 */
export class SqliteDb implements Db {
  readonly dialect = "sqlite";
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private readonly gate = new TransactionGate<DatabaseSync>();
  // One process owns a SQLite index: its notices stay in it.
  private readonly notices = new EventEmitter();

  constructor(readonly path: string) {
    // Startup only, so the synchronous directory creation is fine.
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL");
    // NORMAL keeps committed transactions across a process crash; only power loss may drop the last ones.
    this.db.exec("PRAGMA synchronous = NORMAL");
    this.db.exec("PRAGMA busy_timeout = 5000");
    this.db.exec("PRAGMA cache_size = -65536");
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  prepare(sql: string): Statement {
    const run = async <T>(use: (s: StatementSync) => T): Promise<T> => {
      // Checked and run in one tick: a transaction cannot begin in between.
      for (let tx = this.gate.foreign(); tx; tx = this.gate.foreign()) await tx.done;
      let stmt = this.statements.get(sql);
      if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
      return use(stmt);
    };
    return {
      all: (...params: SqlValue[]) => run((s) => s.all(...params) as SqlRow[]),
      get: (...params: SqlValue[]) => run((s) => s.get(...params) as SqlRow | undefined),
      run: (...params: SqlValue[]) => run((s): RunResult => ({ changes: Number(s.run(...params).changes) })),
    };
  }

  async exec(sql: string): Promise<void> {
    for (let tx = this.gate.foreign(); tx; tx = this.gate.foreign()) await tx.done;
    this.db.exec(sql);
    // Dropped or recreated tables invalidate what was prepared against them.
    if (/\b(DROP|ALTER)\b/i.test(sql)) this.statements.clear();
  }

  /** `serialize` needs nothing more here: BEGIN IMMEDIATE admits one writer at a time. */
  transaction<T>(work: (tx: Db) => Promise<T>, serialize?: string): Promise<T> {
    void serialize;
    const exec = async (sql: string) => void this.db.exec(sql);
    // IMMEDIATE takes the write lock up front, so another process's writer fails fast instead of deadlocking mid-way.
    return this.gate.run(
      true,
      async () => this.db,
      { begin: () => exec("BEGIN IMMEDIATE"), commit: () => exec("COMMIT"), rollback: () => exec("ROLLBACK"), release: () => {} },
      () => work(this),
    );
  }

  async notify(channel: string, payload: string): Promise<void> {
    this.notices.emit(channel, payload);
  }

  async listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    this.notices.on(channel, listener);
    return async () => void this.notices.off(channel, listener);
  }

  async close(): Promise<void> {
    for (let tx = this.gate.foreign(); tx; tx = this.gate.foreign()) await tx.done;
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
