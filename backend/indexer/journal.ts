import type { EventFragment, ParamType, Result } from "ethers";
import type { SqlValue } from "../db/db.js";
import type { ApplyContext } from "./context.js";

/** A decoded value as JSON: integers as decimal strings, addresses and hashes lowercase, structs as objects. */
function jsonOf(value: unknown, type: ParamType): unknown {
  if (type.isArray()) return (value as unknown[]).map((v) => jsonOf(v, type.arrayChildren!));
  if (type.isTuple()) {
    const out: Record<string, unknown> = {};
    type.components!.forEach((c, i) => (out[c.name || String(i)] = jsonOf((value as unknown[])[i], c)));
    return out;
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value.startsWith("0x") ? value.toLowerCase() : value;
  return value;
}

/** The event's arguments by name, as JSON. */
export function eventArgs(fragment: EventFragment, args: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fragment.inputs.forEach((input, i) => (out[input.name || String(i)] = jsonOf(args[i], input)));
  return out;
}

/** The chain_events columns a journal row fills, in the order journalRow gives them. */
export const JOURNAL_COLUMNS = ["block_number", "log_index", "block_hash", "block_time", "tx_hash", "cluster_id", "event", "args_json"] as const;

/**
 * An applied event's row in the chain's event journal (chain_events), in chain order: what
 * external services subscribe to (webhooks are delivered from it). Its cluster is the event's own
 * `clusterId` argument, else the cluster of the component that emitted it, else none (platform events).
 */
export function journalRow(ctx: ApplyContext, contract: string, fragment: EventFragment, args: Result, sourceCluster: number | undefined): SqlValue[] {
  const json = eventArgs(fragment, args);
  const own = json.clusterId;
  const clusterId = typeof own === "string" && /^[0-9]+$/.test(own) ? Number(own) : (sourceCluster ?? null);
  return [
    ctx.at.blockNumber,
    ctx.at.logIndex,
    ctx.at.blockHash,
    ctx.at.time,
    ctx.at.transactionHash,
    clusterId,
    `${contract}.${fragment.name}`,
    JSON.stringify(json),
  ];
}
