import type { JsonRpcProvider, Result } from "ethers";
import type { Db, SqlValue } from "../db/db.js";
import { setMeta } from "../db/meta.js";
import { statement } from "../db/statements.js";
import { inTransaction } from "../db/transaction.js";
import { writeCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { ApplyContext, EventHandler } from "./context.js";
import { fetchHeaders, fetchLogs, fetchTransactions, type BlockHeader, type ChainLog, type TransactionFacts } from "./fetch.js";
import { journalRow, JOURNAL_COLUMNS } from "./journal.js";
import { BatchWrites } from "./deferred.js";
import { insertMissing } from "../db/bulk.js";
import { FOLLOWED_COMPONENTS, handlerFor, SOURCE_CONTRACT, sourceOfComponent, topicsFor, type SourceKind } from "./sources.js";

/** The platform singletons, lowercase. */
export interface PlatformAddresses {
  catalog: string;
  registry: string;
  factory: string;
  /** The network's node registry, when the deployment has one (deployments before it had none). */
  nodes?: string;
}

export interface BatchResult {
  from: number;
  to: number;
  logsApplied: number;
  newMemberships: number;
}

export interface BatchHooks {
  /** Runs inside the open transaction just before COMMIT (tests use it to crash mid-batch). */
  beforeCommit?: (range: { from: number; to: number; logs: number }) => void;
}

/** The chain no longer holds the block the index stopped at: it was reset or reorganised. */
export class ChainMismatchError extends Error {}

export interface Followed {
  kind: SourceKind;
  clusterId?: number;
}

export interface Pending {
  log: ChainLog;
  handler: EventHandler;
  /** The log's arguments, decoded while the batch is read. */
  args: Result;
}

/** The contracts the index follows: the platform's singletons and every component clone it has recorded. */
export async function followedAddresses(db: Db, platform: PlatformAddresses): Promise<ReadonlyMap<string, Followed>> {
  const followed = new Map<string, Followed>([
    [platform.catalog, { kind: "catalog" }],
    [platform.registry, { kind: "registry" }],
    [platform.factory, { kind: "factory" }],
  ]);
  if (platform.nodes) followed.set(platform.nodes, { kind: "nodes" });
  const rows = (await statement(db, `SELECT cluster_id, kind, address FROM components WHERE kind IN (${FOLLOWED_COMPONENTS.map(() => "?").join(", ")})`).all(
    ...FOLLOWED_COMPONENTS,
  )) as {
    cluster_id: number;
    kind: string;
    address: string;
  }[];
  for (const row of rows) {
    const kind = sourceOfComponent(row.kind);
    if (kind) followed.set(row.address, { kind, clusterId: row.cluster_id });
  }
  return followed;
}

/**
 * Which of the batch's logs the index has applied already ("blockHash:logIndex"), read in one
 * query: every applied log has its row in the journal (chain_events), which is the record.
 */
async function appliedAmong(db: Db, from: number, to: number): Promise<Set<string>> {
  const rows = (await statement(db, "SELECT block_hash, log_index FROM chain_events WHERE block_number >= ? AND block_number <= ?").all(from, to)) as {
    block_hash: string;
    log_index: number;
  }[];
  return new Set(rows.map((r) => `${r.block_hash}:${r.log_index}`));
}

/** A batch read from the chain and checked against it, not yet applied: what `applyBatch` writes. */
export interface FetchedBatch {
  from: number;
  to: number;
  /** The batch's last block's hash: the checkpoint it leaves, which the batch after it continues. */
  lastHash: string;
  /** The contracts followed through the batch, clones it announced included: the batch after it follows them too. */
  followed: ReadonlyMap<string, Followed>;
  pending: Pending[];
  headers: Map<number, BlockHeader>;
  transactions: Map<string, TransactionFacts>;
  newMemberships: number;
}

/**
 * Reads blocks from..to: the logs of the contracts `before` names (the index's, or those the
 * previous batch left), the component clones (Membership, Governor, Documents, Agreements,
 * Clearing) announced within the range with their logs for the same range, and the headers and
 * transactions the handlers need, checked to be one chain continuing the checkpoint. It neither
 * reads nor writes the index, so the next batch can be read while this one is written.
 */
export async function fetchBatch(provider: JsonRpcProvider, before: ReadonlyMap<string, Followed>, checkpoint: Checkpoint, to: number): Promise<FetchedBatch> {
  const from = checkpoint.block + 1;
  const followed = new Map(before);
  const found: { log: ChainLog; handler: EventHandler; args?: Result }[] = [];
  let newMemberships = 0;

  let round = [...followed.keys()];
  while (round.length > 0) {
    const kinds = new Set(round.map((a) => followed.get(a)!.kind));
    const logs = await fetchLogs(provider, round, topicsFor(kinds), from, to);
    const announced: string[] = [];
    for (const log of logs) {
      const handler = handlerFor(followed.get(log.address)!.kind, log.topics[0]);
      if (!handler?.announces) {
        if (handler) found.push({ log, handler });
        continue;
      }
      const args = handler.decode(log);
      found.push({ log, handler, args });
      const clone = handler.announces(args);
      const kind = clone && sourceOfComponent(clone.component);
      if (clone && kind && !followed.has(clone.address)) {
        followed.set(clone.address, { kind, clusterId: clone.clusterId });
        announced.push(clone.address);
        if (kind === "membership") newMemberships++;
      }
    }
    round = announced;
  }

  const headerNumbers = found.map((p) => p.log.blockNumber);
  headerNumbers.push(to);
  if (checkpoint.hash) headerNumbers.push(checkpoint.block);
  const reads = Promise.all([
    fetchHeaders(provider, headerNumbers),
    fetchTransactions(
      provider,
      found.filter((p) => p.handler.needsTransaction).map((p) => p.log.transactionHash),
    ),
  ]);
  // The logs are decoded while the node serves headers and transactions. Decoding may throw before
  // the reads are awaited: their failure must not then be an unhandled rejection.
  reads.catch(() => {});
  const pending: Pending[] = found.map(({ log, handler, args }) => ({ log, handler, args: args ?? handler.decode(log) }));
  const [headers, transactions] = await reads;
  if (checkpoint.hash && headers.get(checkpoint.block)?.hash !== checkpoint.hash) {
    throw new ChainMismatchError(`Block ${checkpoint.block} is no longer ${checkpoint.hash} on this chain: the index must be rebuilt`);
  }
  const last = headers.get(to);
  if (!last) throw new Error(`The node did not return block ${to}`);
  for (const { log } of pending) {
    if (headers.get(log.blockNumber)?.hash !== log.blockHash) {
      // A reorg happened between eth_getLogs and the header fetch; the next attempt sees one chain.
      throw new ChainMismatchError(`Block ${log.blockNumber} changed while batch ${from}-${to} was fetched`);
    }
  }
  pending.sort((a, b) => a.log.blockNumber - b.log.blockNumber || a.log.index - b.log.index);
  return { from, to, lastHash: last.hash, followed, pending, headers, transactions, newMemberships };
}

/**
 * Applies a fetched batch in chain order in ONE transaction that also moves the checkpoint. A
 * crash anywhere leaves either the whole batch or none of it.
 */
export async function applyBatch(db: Db, batch: FetchedBatch, hooks: BatchHooks = {}): Promise<BatchResult> {
  const { from, to, lastHash, followed, pending, headers, transactions, newMemberships } = batch;
  const clusterOfMembership = (address: string) => followed.get(address)?.clusterId;
  let logsApplied = 0;
  await inTransaction(db, async () => {
    const journal: SqlValue[][] = [];
    // A log seen before (same block hash and index) is never applied twice: the ones already applied are read once, not asked per log.
    const seen = await appliedAmong(db, from, to);
    // What handlers defer is sent before a handler that uses its table, and all of it before the checkpoint moves.
    const later = new BatchWrites();
    for (const { log, handler, args } of pending) {
      const key = `${log.blockHash}:${log.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const address = log.address;
      const ctx: ApplyContext = {
        db,
        at: {
          address,
          blockNumber: log.blockNumber,
          blockHash: log.blockHash,
          logIndex: log.index,
          transactionHash: log.transactionHash,
          time: headers.get(log.blockNumber)!.timestamp,
          transaction: transactions.get(log.transactionHash),
        },
        clusterOfMembership,
        later,
      };
      await later.flush(db, handler.uses);
      await handler.apply(ctx, args);
      const source = followed.get(address)!;
      journal.push(journalRow(ctx, SOURCE_CONTRACT[source.kind], handler.fragment, args, source.clusterId));
    }
    await later.flush(db);
    // Written together at the end of the batch, in the same transaction: a round trip per few hundred logs, not per log.
    await insertMissing(db, "chain_events", JOURNAL_COLUMNS, ["block_number", "log_index"], journal);
    await writeCheckpoint(db, { block: to, hash: lastHash });
    // The chain's "now" for proposal states (deadlines are block times, not wall-clock times).
    await setMeta(db, "checkpoint_time", String(headers.get(to)!.timestamp));
    logsApplied = journal.length;
    hooks.beforeCommit?.({ from, to, logs: logsApplied });
  });
  return { from, to, logsApplied, newMemberships };
}
