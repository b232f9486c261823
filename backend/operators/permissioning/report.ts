import type { Peer, SignerMetric } from "./besuRpc.js";

/** How one list on a node differs from what the chain decided. */
export interface ListGap {
  size: number;
  missing: string[];
  extra: string[];
}

/** Entries someone else added to or removed from a node since the operator last wrote it. */
export interface Drift {
  at: number;
  nodesAdded: string[];
  nodesRemoved: string[];
  accountsAdded: string[];
  accountsRemoved: string[];
}

/** What the operator last found on one node (the Network page shows these). */
export interface NodeReport {
  name: string;
  url: string;
  validator: boolean;
  reachable: boolean;
  /** Why the last pass could not finish on this node. */
  problem: string | null;
  /** Unix seconds since the node stopped answering; null while it answers. */
  downSince: number | null;
  /** Passes that found it unreachable in a row. */
  failedPasses: number;
  enode: string | null;
  blockNumber: number | null;
  peers: Peer[] | null;
  /** Gaps left after the pass (empty when it converged). */
  nodes: ListGap | null;
  accounts: ListGap | null;
  inSync: boolean;
  /** The last drift seen on this node, corrected in the same pass. */
  lastDrift: Drift | null;
  pendingVotes: Record<string, boolean> | null;
  checkedAt: number;
}

export interface ValidatorsReport {
  mode: "header" | "contract";
  /** As the ValidatorSet contract decides. */
  decided: string[];
  /** As the network's latest block has them (qbft_getValidatorsByBlockNumber). */
  current: string[] | null;
  block: number | null;
  inEffect: boolean;
  signerMetrics: SignerMetric[] | null;
  problem: string | null;
  checkedAt: number;
}

export function listGap(actual: readonly string[], desired: readonly string[]): ListGap {
  const [have, want] = [new Set(actual), new Set(desired)];
  return { size: have.size, missing: desired.filter((x) => !have.has(x)), extra: actual.filter((x) => !want.has(x)) };
}
