import type { Leadership } from "../../db/leader.js";
import { Wallet, type JsonRpcProvider } from "ethers";
import type { Db } from "../../db/db.js";
import { INodeRegistry__factory, IValidatorSet__factory } from "../../../types/typechain/index.js";
import type { Indexer } from "../../indexer/indexer.js";
import { desiredAllowlists, nodesToPrune, type Allowlists } from "../../network/desired.js";
import { PassLoop } from "../passLoop.js";
import type { OperatorMetrics } from "../../ops/metrics.js";
import { applyChange, changesFor, driftSince, normalizeEnode, readAllowlists } from "./allowlists.js";
import { BesuRpc, BesuUnreachableError } from "./besuRpc.js";
import type { NetworkFile, NetworkNode } from "./networkFile.js";
import { listGap, type Drift, type NodeReport, type ValidatorsReport } from "./report.js";
import { forgetApplied, loadNodeState, recordAction, type NodeState, saveNodeState, saveValidatorsReport, validatorsReport } from "./state.js";
import { applyVotes, planVotes, sameSet } from "./validators.js";

export interface PermissioningOperatorOptions {
  db: Db;
  /** Replicas: the operator acts only in the process holding this role. */
  leadership?: Leadership;
  provider: JsonRpcProvider;
  indexer: Pick<Indexer, "state" | "on" | "off" | "waitFor">;
  network: NetworkFile;
  /** The NodeRegistry's address (from the deployment record); null: no registry, nothing to prune. */
  nodeRegistry: string | null;
  /** Signs pruneNode for nodes whose owner left; null: the allowlists are kept all the same. */
  privateKey: string | null;
  pollMs?: number;
  rpcTimeoutMs?: number;
  metrics?: OperatorMetrics;
  log: (line: string) => void;
}

const NAME = "permissioning";
const now = () => Math.floor(Date.now() / 1000);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** A call whose answer only enriches the report: a node without the ADMIN group still gets its allowlists kept. */
async function optional<T>(call: () => Promise<T>): Promise<T | null> {
  return call().catch(() => null);
}

/**
 * The permissioning operator: keeps every node's local allowlists (Besu's perm_* methods) equal to
 * what the chain decided (backend/network/desired.ts), tells a hand-made change from its own
 * writes and corrects it, carries decided validator changes out (votes on every validator in
 * header mode; in contract mode Besu reads the contract and the operator watches), and records
 * on chain that a node's owner left. Each pass decides from the index at the chain's head and what
 * the nodes answer now, never from what it did before: a restart mid-way simply converges.
 */
export class PermissioningOperator {
  readonly address: string | null;
  private readonly opts: PermissioningOperatorOptions;
  private readonly loop: PassLoop;
  private readonly rpcs = new Map<string, BesuRpc>();
  private readonly wallet: Wallet | null;

  constructor(opts: PermissioningOperatorOptions) {
    this.opts = opts;
    this.wallet = opts.privateKey ? new Wallet(opts.privateKey, opts.provider) : null;
    this.address = this.wallet?.address.toLowerCase() ?? null;
    for (const node of opts.network.nodes) this.rpcs.set(node.name, new BesuRpc(node.rpcUrl, opts.rpcTimeoutMs ?? 5000));
    this.loop = new PassLoop(
      opts.indexer,
      opts.pollMs ?? 2000,
      () => this.runPass(),
      (err) => this.opts.log(`permissioning operator: pass failed: ${err.message}`),
      opts.leadership,
    );
  }

  start(): void {
    if (this.loop.active) return;
    const nodes = this.opts.network.nodes.map((n) => n.name).join(", ");
    this.opts.log(`permissioning operator: started for ${nodes}${this.address ? `, signing as ${this.address}` : ""}`);
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  async idle(): Promise<void> {
    await this.loop.idle();
  }

  /** Runs a pass now (tests and the bench drive passes one by one). */
  async passNow(): Promise<void> {
    await this.runPass();
  }

  private async runPass(): Promise<void> {
    const head = await this.opts.provider.getBlockNumber();
    // The allowlists follow the index: one behind the chain would undo decisions it has not seen.
    if ((this.opts.indexer.state.indexedBlock ?? -1) < head) return;
    const { nodes } = this.opts.network;
    const states = new Map(await Promise.all(nodes.map(async (n) => [n.name, await loadNodeState(this.opts.db, n.name)] as const)));
    // Each node's enode as it announces it (one admin_nodeInfo per node and pass), or as last seen.
    const enodes = new Map(
      await Promise.all(
        nodes.map(async (n) => {
          const seen = await optional(() => this.rpcs.get(n.name)!.enode());
          return [n.name, seen ? normalizeEnode(seen) : (states.get(n.name)!.report?.enode ?? null)] as const;
        }),
      ),
    );
    const want = await this.wanted([...enodes.values()].filter((e): e is string => e !== null));
    await Promise.all(nodes.map((n) => this.keepNode(n, want, states.get(n.name)!, enodes.get(n.name)!)));
    if (this.opts.network.validatorSet) await this.keepValidators(this.opts.network.validatorSet);
    if (this.wallet && this.opts.nodeRegistry) await this.prune(this.opts.nodeRegistry, this.wallet);
    this.opts.metrics?.pass(NAME);
  }

  /**
   * The chain's allowlists plus the managed nodes themselves and the operator's own account: the
   * nodes it is configured to keep are the CDC's by definition, and never locked out of each other.
   */
  private async wanted(own: string[]): Promise<Allowlists> {
    const desired = await desiredAllowlists(this.opts.db);
    return {
      nodes: sorted([...desired.nodes, ...own]),
      accounts: sorted([...desired.accounts, ...(this.address ? [this.address] : [])]),
    };
  }

  private async keepNode(node: NetworkNode, want: Allowlists, prev: NodeState, enode: string | null): Promise<void> {
    const { db } = this.opts;
    const rpc = this.rpcs.get(node.name)!;
    const accounts = this.opts.network.accounts;
    const at = now();
    let touched = false;
    try {
      const before = await readAllowlists(rpc, accounts);
      const drift = driftSince(prev.applied, before, at);
      if (drift) await this.act(node.name, "drift corrected", describeDrift(drift), "ok");
      const changes = changesFor(before, want, accounts);
      if (changes.length > 0) await forgetApplied(db, node.name);
      for (const change of changes) {
        touched = true;
        try {
          await applyChange(rpc, change);
          await this.act(node.name, change.action, `${change.entries.length}: ${preview(change.entries)}`, "ok");
        } catch (err) {
          await this.act(node.name, change.action, `${change.entries.length}: ${(err as Error).message}`, "failed");
          throw err;
        }
      }
      const after = touched ? await readAllowlists(rpc, accounts) : before;
      const [blockNumber, peers, votes] = await Promise.all([
        optional(() => rpc.blockNumber()),
        optional(() => rpc.peers()),
        node.validator ? optional(() => rpc.pendingVotes()) : Promise.resolve(null),
      ]);
      const nodes = listGap(after.nodes, want.nodes);
      const accts = accounts ? listGap(after.accounts, want.accounts) : null;
      const inSync = nodes.missing.length + nodes.extra.length + (accts ? accts.missing.length + accts.extra.length : 0) === 0;
      const report: NodeReport = {
        ...this.base(node, at),
        reachable: true,
        problem: inSync ? null : "the allowlists still differ after the pass",
        enode,
        blockNumber,
        peers,
        nodes,
        accounts: accts,
        inSync,
        lastDrift: drift ?? prev.report?.lastDrift ?? null,
        pendingVotes: votes ? Object.fromEntries(votes) : null,
      };
      if (prev.report && !prev.report.reachable) await this.act(node.name, "reachable again", `after ${prev.report.failedPasses} failed passes`, "ok");
      await saveNodeState(db, report, after);
    } catch (err) {
      const unreachable = err instanceof BesuUnreachableError;
      const wasDown = prev.report ? !prev.report.reachable : false;
      if (unreachable && !wasDown) await this.act(node.name, "unreachable", (err as Error).message, "failed");
      const report: NodeReport = {
        ...(prev.report ?? {
          ...this.base(node, at),
          enode: null,
          blockNumber: null,
          peers: null,
          nodes: null,
          accounts: null,
          lastDrift: null,
          pendingVotes: null,
        }),
        ...this.base(node, at),
        reachable: !unreachable,
        inSync: false,
        problem: (err as Error).message,
        downSince: unreachable ? (prev.report?.downSince ?? at) : null,
        failedPasses: unreachable ? (prev.report?.failedPasses ?? 0) + 1 : 0,
      };
      // After a partial write nobody knows what the node holds: the next pass must not call it drift.
      await saveNodeState(db, report, touched ? null : "keep");
    }
  }

  private base(node: NetworkNode, at: number) {
    return { name: node.name, url: node.rpcUrl, validator: node.validator, checkedAt: at, downSince: null, failedPasses: 0, problem: null };
  }

  private async keepValidators(setAddress: string): Promise<void> {
    const { db, network } = this.opts;
    const at = now();
    const voters = network.nodes.filter((n) => n.validator);
    const report: ValidatorsReport = {
      mode: network.mode,
      decided: [],
      current: null,
      block: null,
      inEffect: false,
      signerMetrics: null,
      problem: null,
      checkedAt: at,
    };
    try {
      const set = IValidatorSet__factory.connect(setAddress, this.opts.provider);
      report.decided = sorted((await set.getValidators()).map((a) => a.toLowerCase()));
      for (const node of voters.length > 0 ? voters : network.nodes) {
        const rpc = this.rpcs.get(node.name)!;
        const current = await optional(() => rpc.validators("latest"));
        if (!current) continue;
        report.current = sorted(current);
        report.block = await optional(() => rpc.blockNumber());
        report.signerMetrics = await optional(() => rpc.signerMetrics());
        break;
      }
      if (!report.current) throw new Error("no node answered qbft_getValidatorsByBlockNumber");
      report.inEffect = sameSet(report.decided, report.current);
      // QBFT needs a validator: an empty decision is a mistake in the contract, never carried out.
      if (network.mode === "header" && report.decided.length > 0) {
        for (const node of voters) await this.vote(node, report.decided, report.current);
      }
      const before = await validatorsReport(db);
      if (report.inEffect && before && !before.inEffect) await this.act("validators", "in effect", report.decided.join(", "), "ok");
    } catch (err) {
      report.problem = (err as Error).message;
    }
    await saveValidatorsReport(db, report);
  }

  private async vote(node: NetworkNode, decided: string[], current: string[]): Promise<void> {
    const rpc = this.rpcs.get(node.name)!;
    try {
      const plan = planVotes(decided, current, await rpc.pendingVotes());
      for (const done of await applyVotes(rpc, plan)) await this.act(node.name, "validator vote", done, "ok");
    } catch (err) {
      await this.act(node.name, "validator vote", (err as Error).message, "failed");
    }
  }

  /** Records on chain that a node's owner left; the allowlists dropped it already. */
  private async prune(registryAddress: string, wallet: Wallet): Promise<void> {
    const registry = INodeRegistry__factory.connect(registryAddress, wallet);
    for (const node of await nodesToPrune(this.opts.db)) {
      try {
        const receipt = await (await registry.pruneNode(node)).wait();
        await this.act("registry", "prune node", `${node} (block ${receipt?.blockNumber})`, "ok");
        // The next pass sees it once indexed (passes wait for the index to reach the head).
        this.loop.requestAnother();
      } catch (err) {
        await this.act("registry", "prune node", `${node}: ${(err as Error).message}`, "failed");
      }
    }
  }

  private async act(node: string, action: string, detail: string, outcome: "ok" | "failed"): Promise<void> {
    await recordAction(this.opts.db, { at: now(), node, action, detail, outcome });
    this.opts.metrics?.action(NAME, action, outcome);
    this.opts.log(`permissioning operator: ${node}: ${action} ${detail}${outcome === "failed" ? " (failed)" : ""}`);
  }
}

function preview(entries: string[]): string {
  const short = entries.slice(0, 3).map((e) => (e.startsWith("enode://") ? `${e.slice(8, 20)}…@${e.split("@")[1]}` : e));
  return entries.length > 3 ? `${short.join(", ")} and ${entries.length - 3} more` : short.join(", ");
}

function describeDrift(d: Drift): string {
  const parts = [
    d.nodesAdded.length && `nodes added by hand: ${preview(d.nodesAdded)}`,
    d.nodesRemoved.length && `nodes removed by hand: ${preview(d.nodesRemoved)}`,
    d.accountsAdded.length && `accounts added by hand: ${preview(d.accountsAdded)}`,
    d.accountsRemoved.length && `accounts removed by hand: ${preview(d.accountsRemoved)}`,
  ];
  return parts.filter(Boolean).join("; ");
}
