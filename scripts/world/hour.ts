/**
 * A busy hour on a generated world, for the indexer's catch-up after an outage (issue 13): 1,800
 * blocks, as a QBFT network with a 2 s block period makes in an hour, carrying 18,000 real
 * transactions of the world's everyday mix: obligations recorded and confirmed, documents
 * anchored and signed, proposals tabled and voted on. Every block holds the same number of
 * transactions; blocks left over once they are all mined stay empty, as quiet blocks on a live
 * network do. Needs a node that takes evm_mine (a hardhat node): on one that mines by itself the
 * block count is the node's.
 */
import type { WorldCluster } from "./clusters.js";
import { generateDocuments } from "./documents.js";
import { generateObligations } from "./obligations.js";
import { createProgress, type PhaseResult } from "./progress.js";
import { generateProposals } from "./proposals.js";
import { seededRandom } from "./random.js";
import { createRpc } from "./rpc.js";
import { createSender } from "./sender.js";
import type { WorldSizes } from "./sizes.js";

export const HOUR_BLOCKS = 1800;
export const HOUR_TRANSACTIONS = 18_000;

/**
 * Records started per transaction of the hour. With the follow-ups the generators add (80 % of
 * obligations confirmed, ~0.6 signatures per document, 3 votes per proposal) they make ~18,000
 * transactions of 18,000: 12,600 on obligations, 3,840 on documents, 1,560 on proposals.
 */
const MIX = { obligations: 7000 / 18_000, documents: 2400 / 18_000, proposals: 390 / 18_000 };

export interface HourOptions {
  rpcUrl: string;
  clusters: WorldCluster[];
  /** The world's sizes: the hour's records are numbered after the world's. */
  sizes: WorldSizes;
  seed: number;
  transactions?: number;
  blocks?: number;
  say?: (line: string) => void;
}

export interface Hour {
  /** The blocks the hour filled, the empty ones at its end included. */
  blocks: { first: number; last: number };
  /** Blocks that carry the transactions, at most `perBlock` each. */
  busyBlocks: number;
  perBlock: number;
  transactions: number;
  phases: PhaseResult[];
  seconds: number;
}

export async function generateHour(o: HourOptions): Promise<Hour> {
  const started = performance.now();
  const say = o.say ?? (() => {});
  const transactions = o.transactions ?? HOUR_TRANSACTIONS;
  const blocks = o.blocks ?? HOUR_BLOCKS;
  const rpc = createRpc(o.rpcUrl);
  const first = Number(await rpc.call<string>("eth_blockNumber")) + 1;
  const latest = await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
  const now = BigInt(latest.timestamp);
  const progress = createProgress(say);
  const perBlock = Math.max(1, Math.ceil(transactions / blocks));
  const sender = await createSender(rpc, progress, { maxChunk: perBlock });
  const random = seededRandom(o.seed + 1);
  const count = (share: number) => Math.max(1, Math.round(transactions * share));
  try {
    await generateObligations(sender, o.clusters, count(MIX.obligations), now, random, o.sizes.obligations);
    await generateDocuments(sender, o.clusters, count(MIX.documents), random, o.sizes.documents);
    await generateProposals(sender, o.clusters, count(MIX.proposals), o.seed, random, o.sizes.proposals);
  } finally {
    await sender.close();
  }
  const mined = Number(await rpc.call<string>("eth_blockNumber")) - first + 1;
  // The rest of the hour's blocks, empty, 2 s apart.
  if (mined < blocks) await rpc.call("hardhat_mine", [`0x${(blocks - mined).toString(16)}`, "0x2"]);
  const last = Number(await rpc.call<string>("eth_blockNumber"));
  const sent = progress.results.reduce((s, r) => s + r.txs, 0);
  say(`hour: ${sent.toLocaleString("en-US")} transactions in ${mined} blocks, ${last - first + 1} blocks in all`);
  return {
    blocks: { first, last },
    busyBlocks: mined,
    perBlock,
    transactions: sent,
    phases: progress.results,
    seconds: (performance.now() - started) / 1000,
  };
}
