import type { Leadership } from "../../db/leader.js";
import { Wallet, type JsonRpcProvider } from "ethers";
import type { Db } from "../../db/db.js";
import { IClearingHouse__factory, type IClearingHouse } from "../../../types/typechain/index.js";
import type { Indexer } from "../../indexer/indexer.js";
import { describe, send, type Action } from "./actions.js";
import { nextAction } from "./decide.js";
import { servedClusters, type ServedCluster } from "./indexState.js";
import { decodeRevert } from "./revert.js";
import { PassLoop } from "../passLoop.js";
import type { OperatorMetrics } from "../../ops/metrics.js";

/** Its name in the operator metrics. */
const OPERATOR = "clearing";

export interface ClearingOperatorOptions {
  db: Db;
  /** Replicas: the operator acts only in the process holding this role. */
  leadership?: Leadership;
  provider: JsonRpcProvider;
  /** Passes run after each indexed batch; the operator waits for its own transactions to be indexed. */
  indexer: Pick<Indexer, "state" | "on" | "off" | "waitFor">;
  /** Hex private key of the account that signs (and pays for) the operator's transactions. */
  privateKey: string;
  /** A pass also runs this often, for clocks that move without a batch (default 1000 ms). */
  pollMs?: number;
  log: (line: string) => void;
  /** Counts its transactions by action kind and outcome, and notes each completed pass. */
  metrics?: OperatorMetrics;
}

/**
 * The clearing service's operator ("the solver submits the proposal, signed by a configured
 * key"): for each cluster with corporate clearing it closes due cycles, submits the optimal
 * set-off, applies the standing proposal once its challenge window ends and declares a default
 * when a funding deadline passes unfunded. Every pass decides from the index (only once it has
 * reached the chain's latest block) and the chain, never from what it did before; its
 * transactions go one at a time, each indexed before the next decision.
 */
export class ClearingOperator {
  readonly address: string;
  private readonly opts: ClearingOperatorOptions;
  private readonly wallet: Wallet;
  private readonly loop: PassLoop;
  /** Last problem logged per cluster, so a stuck step is reported once, not on every pass. */
  private readonly reported = new Map<number, string>();
  /** Connected once per address: building a contract parses the whole ABI (~3 ms), and every pass visits every cluster. */
  private readonly houses = new Map<string, IClearingHouse>();

  constructor(opts: ClearingOperatorOptions) {
    this.opts = opts;
    this.wallet = new Wallet(opts.privateKey, opts.provider);
    this.address = this.wallet.address.toLowerCase();
    const pass = async () => {
      await this.runPass();
      opts.metrics?.pass(OPERATOR);
    };
    this.loop = new PassLoop(opts.indexer, opts.pollMs ?? 1000, pass, (err) => this.report(0, `pass failed: ${err.message}`), opts.leadership);
  }

  start(): void {
    if (this.loop.active) return;
    this.opts.log(`clearing operator: started, signing as ${this.address}`);
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Resolves when no pass is running (tests wait for the operator to settle). */
  async idle(): Promise<void> {
    await this.loop.idle();
  }

  private async runPass(): Promise<void> {
    const latest = await this.opts.provider.getBlock("latest");
    // Decisions need the index at the chain's head: a later batch runs another pass.
    if (!latest || (this.opts.indexer.state.indexedBlock ?? -1) < latest.number) return;
    for (const cluster of await servedClusters(this.opts.db)) {
      if (!this.loop.active) return;
      await this.serve(cluster, latest.timestamp);
    }
  }

  private async serve(cluster: ServedCluster, chainTime: number): Promise<void> {
    let house = this.houses.get(cluster.house);
    if (!house) this.houses.set(cluster.house, (house = IClearingHouse__factory.connect(cluster.house, this.wallet)));
    const id = cluster.clusterId;
    let action: Action | null;
    try {
      action = await nextAction({ db: this.opts.db, house, operator: this.address, chainTime }, cluster);
    } catch (err) {
      this.report(id, `waiting: ${(err as Error).message}`);
      return;
    }
    if (!action) return;
    let done = false;
    try {
      const tx = await send(house, action);
      const receipt = await tx.wait();
      if (!receipt) throw new Error(`transaction ${tx.hash} was dropped`);
      this.reported.delete(id);
      done = true;
      this.opts.metrics?.action(OPERATOR, action.kind, "ok");
      this.opts.log(`clearing operator: cluster ${id}: ${describe(action)} (tx ${tx.hash}, block ${receipt.blockNumber})`);
      await this.opts.indexer.waitFor(receipt.blockNumber);
      this.loop.requestAnother();
    } catch (err) {
      const revert = decodeRevert(err);
      if (revert?.expected) this.report(id, `${describe(action)}: nothing to do (${revert.text})`);
      else {
        // Mined but not yet indexed in time is done all the same: counted once.
        if (!done) this.opts.metrics?.action(OPERATOR, action.kind, "failed");
        this.report(id, `${describe(action)} failed: ${revert?.text ?? (err as Error).message}`);
      }
    }
  }

  private report(clusterId: number, problem: string): void {
    if (this.reported.get(clusterId) === problem) return;
    this.reported.set(clusterId, problem);
    this.opts.log(`clearing operator: ${clusterId === 0 ? "" : `cluster ${clusterId}: `}${problem}`);
  }
}
