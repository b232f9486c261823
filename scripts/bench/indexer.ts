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
  /** Platform logs the indexer applied (the raw count includes logs of contracts it does not follow). */
  logsApplied: number;
  eventsPerSecond: number;
  batchBlocks: number;
  /** The machine's load right after the measurement. */
  load: string;
}

/**
 * Two numbers over the same block range: the raw eth_getLogs fetch rate (what the node can
 * give) and the indexer's rate from an empty database to the head (fetch, decode, the store at
 * `location`: a SQLite file or a PostgreSQL URL). `log` gets the indexer's progress lines.
 */
export async function measureIndexer(
  provider: JsonRpcProvider,
  record: DeploymentRecord,
  location: string,
  batchBlocks: number,
  log?: (line: string) => void,
): Promise<IndexerResult> {
  const from = firstBlock(record);
  const head = await provider.getBlockNumber();

  let logs = 0;
  const rawStart = performance.now();
  let lastLine = rawStart;
  for (let start = from; start <= head; start += batchBlocks) {
    const end = Math.min(head, start + batchBlocks - 1);
    const batch = (await provider.send("eth_getLogs", [{ fromBlock: `0x${start.toString(16)}`, toBlock: `0x${end.toString(16)}` }])) as unknown[];
    logs += batch.length;
    if (log && performance.now() - lastLine >= 5000) {
      log(`raw eth_getLogs: block ${end} of ${head}, ${logs.toLocaleString("en-US")} logs`);
      lastLine = performance.now();
    }
  }
  const rawSeconds = (performance.now() - rawStart) / 1000;

  log?.(`raw eth_getLogs: ${logs.toLocaleString("en-US")} logs in ${rawSeconds.toFixed(1)} s; indexing blocks ${from}-${head}`);
  const db = await openDatabase(location);
  const report = await indexToHead({ db, provider, record, batchBlocks, log });
  await db.close();
  const indexSeconds = report.ms / 1000;
  return {
    blocks: head - from + 1,
    logs,
    rawSeconds,
    rawLogsPerSecond: logs / rawSeconds,
    indexSeconds,
    logsApplied: report.logsApplied,
    eventsPerSecond: report.logsApplied / indexSeconds,
    batchBlocks,
    load: loadNow(),
  };
}
