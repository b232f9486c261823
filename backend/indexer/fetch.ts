import type { JsonRpcProvider } from "ethers";

/** Addresses per eth_getLogs request: keeps each request small when thousands of clusters exist. */
const ADDRESSES_PER_REQUEST = 500;
/** Block headers requested at once; ethers packs them into JSON-RPC batches of 100. */
const HEADERS_AT_ONCE = 500;

/** A log as the indexer keeps it: the node's own fields, numbers parsed, the address lowercase. */
export interface ChainLog {
  address: string;
  blockNumber: number;
  blockHash: string;
  index: number;
  transactionHash: string;
  topics: readonly string[];
  data: string;
}

/** A log as eth_getLogs answers it. */
interface RpcLog {
  address: string;
  blockNumber: string;
  blockHash: string;
  logIndex: string;
  transactionHash: string;
  topics: string[];
  data: string;
  removed?: boolean;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * The logs of `addresses` with one of `topics` in fromBlock..toBlock. Asked with eth_getLogs
 * itself: ethers' getLogs formats each log (a checksum of its address among other checks), work
 * the indexer does not need.
 */
export async function fetchLogs(provider: JsonRpcProvider, addresses: string[], topics: string[], fromBlock: number, toBlock: number): Promise<ChainLog[]> {
  if (addresses.length === 0 || topics.length === 0) return [];
  const chunks: string[][] = [];
  for (let i = 0; i < addresses.length; i += ADDRESSES_PER_REQUEST) chunks.push(addresses.slice(i, i + ADDRESSES_PER_REQUEST));
  const results = await Promise.all(
    chunks.map(
      (address) => provider.send("eth_getLogs", [{ address, topics: [topics], fromBlock: hex(fromBlock), toBlock: hex(toBlock) }]) as Promise<RpcLog[]>,
    ),
  );
  return results.flat().flatMap((log) =>
    log.removed
      ? []
      : [
          {
            address: log.address.toLowerCase(),
            blockNumber: Number(log.blockNumber),
            blockHash: log.blockHash,
            index: Number(log.logIndex),
            transactionHash: log.transactionHash,
            topics: log.topics,
            data: log.data,
          },
        ],
  );
}

export interface BlockHeader {
  number: number;
  hash: string;
  timestamp: number;
}

/** Headers of the given blocks, for their timestamps and hashes. */
export async function fetchHeaders(provider: JsonRpcProvider, numbers: Iterable<number>): Promise<Map<number, BlockHeader>> {
  const wanted = [...new Set(numbers)];
  const headers = new Map<number, BlockHeader>();
  for (let i = 0; i < wanted.length; i += HEADERS_AT_ONCE) {
    const blocks = await Promise.all(wanted.slice(i, i + HEADERS_AT_ONCE).map((n) => provider.getBlock(n)));
    for (const block of blocks) {
      if (block?.hash) headers.set(block.number, { number: block.number, hash: block.hash, timestamp: block.timestamp });
    }
  }
  return headers;
}

/** What the index keeps of a transaction: who sent it and which function it called. */
export interface TransactionFacts {
  /** Lowercase address. */
  sender: string;
  /** The 4-byte selector of the function called (lowercase hex), or "0x" for a plain transfer. */
  selector: string;
}

/** Each transaction's facts, for the few events whose meaning depends on them (votes by signature). */
export async function fetchTransactions(provider: JsonRpcProvider, hashes: Iterable<string>): Promise<Map<string, TransactionFacts>> {
  const wanted = [...new Set(hashes)];
  const facts = new Map<string, TransactionFacts>();
  for (let i = 0; i < wanted.length; i += HEADERS_AT_ONCE) {
    const txs = await Promise.all(wanted.slice(i, i + HEADERS_AT_ONCE).map((h) => provider.getTransaction(h)));
    for (const tx of txs) if (tx) facts.set(tx.hash, { sender: tx.from.toLowerCase(), selector: tx.data.slice(0, 10).toLowerCase() });
  }
  return facts;
}
