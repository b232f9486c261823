import type { Allowlists } from "../../network/desired.js";
import { BesuRpc } from "./besuRpc.js";
import { listGap, type Drift } from "./report.js";

/** One spelling per enode, as Besu prints it: lowercase id and host, no discport equal to the port. */
export function normalizeEnode(url: string): string {
  const m = /^enode:\/\/([0-9a-fA-F]{128})@([^:?]+):(\d+)(?:\?discport=(\d+))?$/.exec(url.trim());
  if (!m) return url.trim();
  const [, id, host, port, disc] = m;
  return `enode://${id!.toLowerCase()}@${host!.toLowerCase()}:${port}${disc && disc !== port ? `?discport=${disc}` : ""}`;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

export async function readAllowlists(rpc: BesuRpc, accounts: boolean): Promise<Allowlists> {
  const [nodes, accts] = await Promise.all([rpc.nodesAllowlist(), accounts ? rpc.accountsAllowlist() : Promise.resolve([])]);
  return { nodes: sorted(nodes.map(normalizeEnode)), accounts: sorted(accts) };
}

/** What changed on the node since the operator last left it; null when nothing did (or it never wrote it). */
export function driftSince(applied: Allowlists | null, now: Allowlists, at: number): Drift | null {
  if (!applied) return null;
  const n = listGap(now.nodes, applied.nodes);
  const a = listGap(now.accounts, applied.accounts);
  if (n.missing.length + n.extra.length + a.missing.length + a.extra.length === 0) return null;
  return { at, nodesAdded: n.extra, nodesRemoved: n.missing, accountsAdded: a.extra, accountsRemoved: a.missing };
}

export interface Change {
  action: "allow nodes" | "disallow nodes" | "allow accounts" | "disallow accounts";
  entries: string[];
}

/**
 * The calls that make `now` equal `desired`: additions before removals, so an entry that stays is
 * never touched and a replaced one is never absent from both.
 */
export function changesFor(now: Allowlists, desired: Allowlists, accounts: boolean): Change[] {
  const n = listGap(now.nodes, desired.nodes);
  const a = accounts ? listGap(now.accounts, desired.accounts) : { missing: [], extra: [] };
  const changes: Change[] = [
    { action: "allow nodes", entries: n.missing },
    { action: "allow accounts", entries: a.missing },
    { action: "disallow nodes", entries: n.extra },
    { action: "disallow accounts", entries: a.extra },
  ];
  return changes.filter((c) => c.entries.length > 0);
}

export async function applyChange(rpc: BesuRpc, change: Change): Promise<void> {
  const add = change.action.startsWith("allow");
  if (change.action.endsWith("nodes")) await rpc.changeNodes(add, change.entries);
  else await rpc.changeAccounts(add, change.entries);
}
