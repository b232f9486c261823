import type { JsonRpcProvider } from "ethers";
import { indexToHead, openDatabase } from "../../backend/index.js";
import { firstBlock, type DeploymentRecord } from "../../core/deployment/record.js";
import { loadNow } from "./report.js";

export interface IndexerResult {
  blocks: number;
  logs: number;
  rawSeconds: number;
  rawLogsPerSecond: number;
  indexSeconds: number;
  eventsPerSecond: number;
  batchBlocks: number;
  /** The machine's load right after the measurement. */
  load: string;
}

/**
 * Two numbers over the same block range: the raw eth_getLogs fetch rate (what the node can
 * give) and the indexer's rate from an empty database to the head (fetch, decode, the store at
 * `location`: a SQLite file or a PostgreSQL URL).
 */
export async function measureIndexer(provider: JsonRpcProvider, record: DeploymentRecord, location: string, batchBlocks: number): Promise<IndexerResult> {
  const from = firstBlock(record);
  const head = await provider.getBlockNumber();

  let logs = 0;
  const rawStart = performance.now();
  for (let start = from; start <= head; start += batchBlocks) {
    const end = Math.min(head, start + batchBlocks - 1);
    const batch = (await provider.send("eth_getLogs", [{ fromBlock: `0x${start.toString(16)}`, toBlock: `0x${end.toString(16)}` }])) as unknown[];
    logs += batch.length;
  }
  const rawSeconds = (performance.now() - rawStart) / 1000;

  const db = await openDatabase(location);
  const report = await indexToHead({ db, provider, record, batchBlocks });
  await db.close();
  const indexSeconds = report.ms / 1000;
  return {
    blocks: head - from + 1,
    logs,
    rawSeconds,
    rawLogsPerSecond: logs / rawSeconds,
    indexSeconds,
    eventsPerSecond: report.logsApplied / indexSeconds,
    batchBlocks,
    load: loadNow(),
  };
}
