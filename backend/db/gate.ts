import { AsyncLocalStorage } from "node:async_hooks";

/** An open transaction: its token marks the async context it runs in. */
export interface OpenTransaction<C> {
  readonly token: symbol;
  readonly connection: C;
  readonly done: Promise<void>;
}

/**
 * The transactions of a store. A query knows it belongs to the open transaction by its async
 * context, so the functions a transaction's work calls need no handle passed down. On a single
 * connection (SQLite, or a leader's own PostgreSQL session) a query from outside waits until the
 * transaction ends: run inside it, it would commit or roll back with work that is not its own.
 */
export class TransactionGate<C> {
  private readonly context = new AsyncLocalStorage<symbol>();
  private readonly open = new Set<OpenTransaction<C>>();

  /** The transaction the caller runs in, if any. */
  current(): OpenTransaction<C> | undefined {
    const token = this.context.getStore();
    if (token === undefined) return undefined;
    for (const tx of this.open) if (tx.token === token) return tx;
    return undefined;
  }

  /** Some transaction the caller is not part of (single connection: the caller must wait for it). */
  foreign(): OpenTransaction<C> | undefined {
    const token = this.context.getStore();
    for (const tx of this.open) if (tx.token !== token) return tx;
    return undefined;
  }

  /**
   * Runs `work` as a transaction on `connection`; a call from inside an open transaction is part
   * of it. `exclusive`: one transaction at a time, and no query from outside while it is open.
   */
  async run<T>(
    exclusive: boolean,
    acquire: () => Promise<C>,
    steps: { begin(c: C): Promise<void>; commit(c: C): Promise<void>; rollback(c: C): Promise<void>; release(c: C): void },
    work: () => Promise<T>,
  ): Promise<T> {
    if (this.current()) return work();
    if (exclusive) {
      // Checked and claimed in one step: no other caller can slip in between.
      for (let other = this.foreign(); other; other = this.foreign()) await other.done;
    }
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const placeholder = { token: Symbol("transaction"), connection: undefined as C, done };
    if (exclusive) this.open.add(placeholder);
    try {
      const connection = await acquire();
      const tx: OpenTransaction<C> = { ...placeholder, connection };
      this.open.delete(placeholder);
      this.open.add(tx);
      try {
        return await this.context.run(tx.token, async () => {
          await steps.begin(connection);
          try {
            const result = await work();
            await steps.commit(connection);
            return result;
          } catch (err) {
            await steps.rollback(connection).catch(() => {});
            throw err;
          }
        });
      } finally {
        this.open.delete(tx);
        steps.release(connection);
      }
    } finally {
      this.open.delete(placeholder);
      finish();
    }
  }
}
