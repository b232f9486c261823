import type { EventFragment, Interface, Result } from "ethers";
import type { Db } from "../db/db.js";
import type { DeferredWrites } from "./deferred.js";
import { eventDecoder, type EventDecoder } from "./decode.js";
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
  /** Writes sent when the batch needs them, merged with the like writes around them (deferred.ts). */
  later: DeferredWrites;
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
  /** The event's arguments from a log, as `iface.decodeEventLog` gives them (decode.ts). */
  decode: EventDecoder;
  apply(ctx: ApplyContext, args: Result): Promise<void>;
  /** Addresses of contracts to follow that this event announces, with their cluster id and component kind. */
  announces?(args: Result): Announced | undefined;
  /** The handler reads ctx.at.transaction: the batch fetches the transaction of each such log. */
  needsTransaction?: boolean;
  /**
   * The tables the handler reads or writes itself, not through `ctx.later`: what was deferred to
   * them is written before it runs. Unnamed: every table's deferred writes are.
   */
  uses?: readonly string[];
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
  opts: { needsTransaction?: boolean; uses?: readonly string[] } = {},
): EventHandler {
  const fragment = iface.getEvent(name);
  if (!fragment) throw new Error(`Event ${name} is not in the contract interface`);
  return {
    name,
    topic: fragment.topicHash,
    fragment,
    iface,
    decode: eventDecoder(iface, fragment),
    apply: (ctx, args) => apply(ctx, args as unknown as Args),
    announces: announces && ((args) => announces(args as unknown as Args)),
    needsTransaction: opts.needsTransaction,
    uses: opts.uses,
  };
}

/** A handler that writes only through `ctx.later` and reads nothing: nothing deferred is sent before it runs. */
export function onLater<Args>(iface: Interface, name: string, apply: (ctx: ApplyContext, args: Args) => Promise<void>): EventHandler {
  return on(iface, name, apply, undefined, { uses: [] });
}
