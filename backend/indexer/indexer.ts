import { EventEmitter } from "node:events";
import type { JsonRpcProvider } from "ethers";
import type { Db } from "../db/db.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { dropIndexTables } from "../db/reset.js";
import {
  applyBatch,
  ChainMismatchError,
  fetchBatch,
  followedAddresses,
  type BatchHooks,
  type BatchResult,
  type FetchedBatch,
  type PlatformAddresses,
} from "./batch.js";
import { readCheckpoint, type Checkpoint } from "./checkpoint.js";
import { getMeta } from "../db/meta.js";
import { leads, type Leadership } from "../db/leader.js";
import { deploymentProblem } from "./deploymentCheck.js";
import { deploymentId, dropStaleIndex, ensureIndexIdentity } from "./identity.js";
import { Progress } from "./progress.js";

export interface IndexerOptions {
  db: Db;
  provider: JsonRpcProvider;
  /** Read again whenever the chain looks different and every few seconds when idle. */
  loadDeployment: () => Promise<DeploymentRecord>;
  batchBlocks: number;
  pollMs: number;
  log?: (line: string) => void;
  hooks?: BatchHooks;
  /**
   * Replicas sharing a PostgreSQL index: only the process holding this role indexes (writing
   * through the role's own session); the others follow its checkpoint, woken by its notices.
   */
  leadership?: Leadership;
}

/** The store's notice channel for committed batches (payload: the new checkpoint block). */
export const INDEXED_CHANNEL = "cluster_indexed";

export type IndexerPhase = "starting" | "waiting" | "catchingUp" | "live" | "stopped";

export interface IndexerState {
  phase: IndexerPhase;
  headBlock: number | null;
  /** The timestamp (unix seconds) of that head block: the chain's clock, which deadlines follow. */
  headTime: number | null;
  indexedBlock: number | null;
  record: DeploymentRecord | null;
  genesisHash: string | null;
  /** Why the indexer is waiting or retrying, for operators. */
  problem: string | null;
  /** The last time (unix ms) a JSON-RPC call to the chain succeeded, and why the latest one failed, if it did. */
  chain: { lastContactAt: number | null; problem: string | null };
  /** True while the indexer follows the chain in the background (start() until stop()). */
  following: boolean;
}

export interface IndexedEvent extends BatchResult {
  head: number;
}

export interface SyncReport {
  fromBlock: number;
  toBlock: number;
  batches: number;
  logsApplied: number;
  ms: number;
}

type Step = "idle" | "progress" | "waiting";

const RECORD_RECHECK_MS = 2000;

/**
 * Follows the platform's contracts into the database. One step at a time (a lock serialises
 * the loop with syncToHead), each batch atomic. Listeners get "indexed" after every batch and
 * "reset" when the index was dropped for a new chain or deployment.
 */
export class Indexer extends EventEmitter<{ indexed: [IndexedEvent]; reset: [string]; error: [Error] }> {
  private readonly opts: IndexerOptions;
  private readonly log: (line: string) => void;
  private readonly progress: Progress;
  private st: IndexerState = {
    phase: "starting",
    headBlock: null,
    headTime: null,
    indexedBlock: null,
    record: null,
    genesisHash: null,
    problem: null,
    chain: { lastContactAt: null, problem: null },
    following: false,
  };
  private platform: PlatformAddresses | null = null;
  /** The next batch, being read from the chain while the current one is written; its read never rejects. */
  private ahead: { platform: PlatformAddresses; after: Checkpoint; read: Promise<FetchedBatch | Error> } | null = null;
  private identityChecked = false;
  private lastRecordCheck = 0;
  private lock: Promise<unknown> = Promise.resolve();
  private running = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastProblemLogged: string | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly onElected = () => {
    this.identityChecked = false; // the index may have moved on under another leader
    this.wake?.();
  };

  constructor(opts: IndexerOptions) {
    super();
    this.opts = opts;
    this.log = opts.log ?? (() => {});
    this.progress = new Progress(this.log);
  }

  get state(): Readonly<IndexerState> {
    return this.st;
  }

  /** Starts following the chain in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.st.following = true;
    const { leadership } = this.opts;
    leadership?.start(this.onElected);
    if (leadership?.contested) {
      // A follower hears of each batch the leader commits at once, not at its next poll.
      void this.opts.db
        .listen(INDEXED_CHANNEL, () => this.wake?.())
        .then(
          (stop) => (this.running ? (this.unlisten = stop) : void stop()),
          (err: Error) => this.reportProblem(`indexer: cannot listen for the leader's batches (polling instead): ${err.message}`),
        );
    }
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.st.following = false;
    this.wake?.();
    await this.loopDone;
    await this.lock.catch(() => {});
    await this.dropReadAhead();
    await this.unlisten?.();
    this.unlisten = null;
    await this.opts.leadership?.stop();
    this.st.phase = "stopped";
  }

  /** True unless another replica holds the indexer's role. */
  get leading(): boolean {
    return leads(this.opts.leadership);
  }

  /** Where the index is written: the role's own session when replicas elect a leader. */
  private get db(): Db {
    return this.opts.leadership?.writer ?? this.opts.db;
  }

  /** Indexes up to the head as it is now, then returns; errors are thrown, not retried. */
  async syncToHead(): Promise<SyncReport> {
    const started = Date.now();
    let fromBlock: number | null = null;
    let batches = 0;
    let logsApplied = 0;
    const onBatch = (e: IndexedEvent) => {
      fromBlock ??= e.from;
      batches++;
      logsApplied += e.logsApplied;
    };
    this.on("indexed", onBatch);
    try {
      let target: number | null = null;
      for (;;) {
        const step = await this.locked(() => this.step());
        if (step === "waiting") throw new Error(this.st.problem ?? "The indexer is waiting for a deployment");
        target ??= this.st.headBlock;
        if (step === "idle" || (target !== null && (this.st.indexedBlock ?? -1) >= target)) break;
      }
    } finally {
      this.off("indexed", onBatch);
    }
    const toBlock = this.st.indexedBlock ?? 0;
    return { fromBlock: fromBlock ?? toBlock + 1, toBlock, batches, logsApplied, ms: Date.now() - started };
  }

  /** Resolves once every block up to `block` is indexed. */
  waitFor(block: number, timeoutMs = 30_000): Promise<void> {
    if ((this.st.indexedBlock ?? -1) >= block) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("indexed", check);
        reject(new Error(`Block ${block} was not indexed within ${timeoutMs} ms (at ${this.st.indexedBlock})`));
      }, timeoutMs);
      const check = () => {
        if ((this.st.indexedBlock ?? -1) >= block) {
          clearTimeout(timer);
          this.off("indexed", check);
          resolve();
        }
      };
      this.on("indexed", check);
      this.wake?.();
    });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let pause = 0;
      try {
        const step = await this.locked(() => this.step());
        failures = 0;
        if (step !== "progress") pause = this.opts.pollMs;
        if (step === "progress" || step === "idle") this.clearProblem();
      } catch (err) {
        failures++;
        this.reportProblem(`indexer: ${(err as Error).message}`);
        // An "error" event without a listener would throw; the log line is enough then.
        if (this.listenerCount("error") > 0) this.emit("error", err as Error);
        pause = Math.min(this.opts.pollMs * 2 ** failures, 5000);
      }
      if (pause > 0 && this.running) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lock.then(work, work);
    this.lock = next.catch(() => {});
    return next;
  }

  private async step(): Promise<Step> {
    if (!this.leading) return this.follow();
    if (!this.identityChecked && !(await this.checkIdentity())) return "waiting";
    const { provider } = this.opts;
    const db = this.db;
    const latest = await this.rpc(() => provider.getBlock("latest"));
    if (!latest) throw new Error("The node did not return its latest block");
    const head = latest.number;
    this.st.headBlock = head;
    this.st.headTime = latest.timestamp;
    const checkpoint = await readCheckpoint(db);
    if (!checkpoint || !this.platform) {
      this.identityChecked = false;
      return "progress";
    }
    this.st.indexedBlock = checkpoint.block;
    if (head < checkpoint.block) {
      // The chain is shorter than what we indexed: a new chain (or a reverted one).
      this.identityChecked = false;
      await this.rebuildIfSameIdentity(`the head ${head} is behind the indexed block ${checkpoint.block}`);
      return "progress";
    }
    if (head === checkpoint.block) {
      this.st.phase = "live";
      if (Date.now() - this.lastRecordCheck > RECORD_RECHECK_MS) await this.recheckRecord();
      return "idle";
    }
    this.st.phase = head - checkpoint.block > this.opts.batchBlocks ? "catchingUp" : "live";
    const to = Math.min(checkpoint.block + this.opts.batchBlocks, head);
    const started = Date.now();
    let result: BatchResult;
    try {
      const batch = (await this.takeReadAhead(checkpoint)) ?? (await fetchBatch(provider, await followedAddresses(db, this.platform), checkpoint, to));
      this.st.chain = { lastContactAt: Date.now(), problem: null }; // its logs and headers came from the chain
      // Reading a batch (the node's time) overlaps writing this one (the store's).
      if (batch.to < head) this.readAhead(batch, Math.min(batch.to + this.opts.batchBlocks, head));
      result = await applyBatch(db, batch, this.opts.hooks);
    } catch (err) {
      await this.dropReadAhead();
      if (!(err instanceof ChainMismatchError)) throw err;
      this.identityChecked = false;
      await this.rebuildIfSameIdentity(err.message);
      return "progress";
    }
    this.st.indexedBlock = result.to;
    this.progress.batch(result.to, head, result.to - result.from + 1, result.logsApplied, started);
    this.emit("indexed", { ...result, head });
    // Replicas' feeds and operators: the batch is committed, tell them now.
    await db.notify(INDEXED_CHANNEL, String(result.to)).catch(() => {});
    return "progress";
  }

  /** Starts reading the batch after `batch`, up to `to`, following what `batch` followed. */
  private readAhead(batch: FetchedBatch, to: number): void {
    const platform = this.platform!;
    const after = { block: batch.to, hash: batch.lastHash };
    // Settled here, not where it is taken: a failed read ahead must never be an unhandled rejection.
    const read = fetchBatch(this.opts.provider, batch.followed, after, to).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    this.ahead = { platform, after, read };
  }

  /**
   * The batch read ahead, when it continues exactly the committed checkpoint of the same
   * deployment; null (read it now) after anything else: a failed read, a rebuild, another leader's batches.
   */
  private async takeReadAhead(checkpoint: Checkpoint): Promise<FetchedBatch | null> {
    const ahead = this.ahead;
    this.ahead = null;
    if (!ahead || ahead.platform !== this.platform || ahead.after.block !== checkpoint.block || ahead.after.hash !== checkpoint.hash) {
      await ahead?.read;
      return null;
    }
    const read = await ahead.read;
    return read instanceof Error ? null : read;
  }

  /** Forgets the batch read ahead once its requests have ended (none outlives the step that dropped it). */
  private async dropReadAhead(): Promise<void> {
    const ahead = this.ahead;
    this.ahead = null;
    await ahead?.read;
  }

  /**
   * A replica that does not lead: the chain's head from the chain, the position from the index
   * the leader writes, and "indexed" when it moved, as if this process had indexed the batch.
   */
  private async follow(): Promise<Step> {
    const { provider, db } = this.opts;
    const latest = await this.rpc(() => provider.getBlock("latest"));
    if (!latest) throw new Error("The node did not return its latest block");
    this.st.headBlock = latest.number;
    this.st.headTime = latest.timestamp;
    if (!this.st.record || Date.now() - this.lastRecordCheck > RECORD_RECHECK_MS) {
      this.lastRecordCheck = Date.now();
      this.st.record = await this.opts.loadDeployment().catch(() => null);
      this.st.genesisHash = (await getMeta(db, "genesis_hash")) ?? null;
    }
    const checkpoint = await readCheckpoint(db);
    const before = this.st.indexedBlock;
    this.st.indexedBlock = checkpoint?.block ?? null;
    this.st.phase = !checkpoint ? "starting" : latest.number - checkpoint.block > this.opts.batchBlocks ? "catchingUp" : "live";
    if (checkpoint && checkpoint.block > (before ?? -1)) {
      this.emit("indexed", { from: (before ?? checkpoint.block - 1) + 1, to: checkpoint.block, logsApplied: 0, newMemberships: 0, head: latest.number });
    }
    return "idle";
  }

  /** Runs a call to the chain, noting whether it answered (for /api/status). */
  private async rpc<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.st.chain = { lastContactAt: Date.now(), problem: null };
      return result;
    } catch (err) {
      this.st.chain = { ...this.st.chain, problem: (err as Error).message };
      throw err;
    }
  }

  /**
   * Compares chain, deployment record and index; rebuilds or waits as needed. Nothing is dropped
   * until the record is found to describe the chain at the RPC URL (chain id, genesis, code).
   */
  private async checkIdentity(): Promise<boolean> {
    const { provider } = this.opts;
    const db = this.db;
    const genesis = await this.rpc(() => provider.getBlock(0));
    if (!genesis?.hash) throw new Error("The node did not return its genesis block");
    this.st.genesisHash = genesis.hash;
    let record: DeploymentRecord;
    try {
      record = await this.opts.loadDeployment();
    } catch (err) {
      return this.waiting((err as Error).message);
    }
    this.lastRecordCheck = Date.now();
    if (record.genesisHash !== genesis.hash) {
      return this.waiting(
        `The deployment record is for the chain with genesis ${record.genesisHash}, but the node's genesis is ${genesis.hash}: deploy the platform on this chain (the index is kept)`,
      );
    }
    const problem = await this.rpc(() => deploymentProblem(provider, record));
    if (problem) return this.waiting(`${problem} (the index is kept)`);
    if (await dropStaleIndex(db, genesis.hash)) {
      this.afterDrop(`the chain's genesis is now ${genesis.hash}`);
    }
    const outcome = await ensureIndexIdentity(db, record, genesis.hash);
    if (outcome === "rebuilt") this.afterDrop("the deployment record changed");
    this.st.record = record;
    this.platform = {
      catalog: record.contracts.ServiceCatalog.address.toLowerCase(),
      registry: record.contracts.ClusterRegistry.address.toLowerCase(),
      factory: record.contracts.ClusterFactory.address.toLowerCase(),
      nodes: record.contracts.NodeRegistry?.address.toLowerCase(),
    };
    this.st.indexedBlock = (await readCheckpoint(db))?.block ?? null;
    this.identityChecked = true;
    return true;
  }

  /** Same genesis and record but the blocks differ (a reorg or an evm_revert): start over. */
  private async rebuildIfSameIdentity(reason: string): Promise<void> {
    const record = this.st.record;
    if (!(await this.checkIdentity()) || !record) return;
    if (this.st.record && deploymentId(this.st.record) === deploymentId(record)) {
      await dropIndexTables(this.db);
      this.afterDrop(reason);
      await this.checkIdentity();
    }
  }

  private async recheckRecord(): Promise<void> {
    this.lastRecordCheck = Date.now();
    const current = this.st.record;
    const record = await this.opts.loadDeployment().catch(() => null);
    if (record && current && deploymentId(record) !== deploymentId(current)) this.identityChecked = false;
  }

  private afterDrop(reason: string): void {
    this.st.indexedBlock = null;
    this.log(`indexer: index dropped and rebuilt from scratch: ${reason}`);
    this.emit("reset", reason);
  }

  private waiting(problem: string): false {
    this.st.phase = "waiting";
    this.st.record = null;
    this.platform = null;
    this.reportProblem(`indexer: waiting: ${problem}`);
    return false;
  }

  private reportProblem(line: string): void {
    this.st.problem = line;
    if (line !== this.lastProblemLogged) this.log(line);
    this.lastProblemLogged = line;
  }

  private clearProblem(): void {
    this.st.problem = null;
    this.lastProblemLogged = null;
  }
}
