import type { BesuRpc } from "./besuRpc.js";

/** The votes one validator node must hold so the network moves from `current` to `decided`. */
export interface VotePlan {
  propose: { address: string; add: boolean }[];
  /** Votes for changes already in effect (or no longer decided): left pending they would undo them later. */
  discard: string[];
}

export function planVotes(decided: readonly string[], current: readonly string[], pending: ReadonlyMap<string, boolean>): VotePlan {
  const [want, have] = [new Set(decided), new Set(current)];
  const needed = new Map<string, boolean>();
  for (const a of want) if (!have.has(a)) needed.set(a, true);
  for (const a of have) if (!want.has(a)) needed.set(a, false);
  const propose = [...needed].filter(([a, add]) => pending.get(a) !== add).map(([address, add]) => ({ address, add }));
  const discard = [...pending.keys()].filter((a) => !needed.has(a));
  return { propose, discard };
}

/** Casts and discards one node's votes; returns what it did, for the log. */
export async function applyVotes(rpc: BesuRpc, plan: VotePlan): Promise<string[]> {
  const done: string[] = [];
  for (const v of plan.propose) {
    await rpc.proposeValidatorVote(v.address, v.add);
    done.push(`vote to ${v.add ? "add" : "remove"} ${v.address}`);
  }
  for (const a of plan.discard) {
    await rpc.discardValidatorVote(a);
    done.push(`discard vote on ${a}`);
  }
  return done;
}

/** Whether two lists of distinct entries hold the same entries. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && new Set([...a, ...b]).size === a.length;
}
