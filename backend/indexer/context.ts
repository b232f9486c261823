import type { EventFragment, Interface, Result } from "ethers";
import type { Db } from "../db/db.js";
import type { TransactionFacts } from "./fetch.js";

/** The parts of a log every handler may record: where and when it happened. */
export interface LogPosition {
  address: string; // lowercase
  blockNumber: number;
  blockHash: string;
  logIndex: number;
  transactionHash: string;
  time: number; // block timestamp, unix seconds
  /** The transaction's sender and selector, fetched only for handlers that ask (needsTransaction). */
  transaction?: TransactionFacts;
}

/** What a handler sees while its batch's transaction is open. */
export interface ApplyContext {
  db: Db;
  at: LogPosition;
  /** The cluster a component clone (Membership, Documents, ...) belongs to, including clones announced earlier in this batch. */
  clusterOfMembership(address: string): number | undefined;
}

/** A per-cluster clone to follow; `component` is its kind name ("Membership", "Documents", ...). */
export interface Announced {
  address: string;
  clusterId: number;
  component: string;
}

export interface EventHandler {
  name: string;
  topic: string;
  /** The event's ABI fragment (names and types of its arguments, for the event journal). */
  fragment: EventFragment;
  iface: Interface;
  apply(ctx: ApplyContext, args: Result): Promise<void>;
  /** Addresses of contracts to follow that this event announces, with their cluster id and component kind. */
  announces?(args: Result): Announced | undefined;
  /** The handler reads ctx.at.transaction: the batch fetches the transaction of each such log. */
  needsTransaction?: boolean;
}

/**
 * Binds an event of a TypeChain interface to the code that applies it. `Args` is the event's
 * TypeChain OutputObject, so handlers read decoded fields by name with their real types.
 */
export function on<Args>(
  iface: Interface,
  name: string,
  apply: (ctx: ApplyContext, args: Args) => Promise<void>,
  announces?: (args: Args) => Announced | undefined,
  opts: { needsTransaction?: boolean } = {},
): EventHandler {
  const fragment = iface.getEvent(name);
  if (!fragment) throw new Error(`Event ${name} is not in the contract interface`);
  return {
    name,
    topic: fragment.topicHash,
    fragment,
    iface,
    apply: (ctx, args) => apply(ctx, args as unknown as Args),
    announces: announces && ((args) => announces(args as unknown as Args)),
    needsTransaction: opts.needsTransaction,
  };
}
