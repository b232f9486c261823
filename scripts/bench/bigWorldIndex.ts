import type { JsonRpcProvider } from "ethers";
import { indexToHead, openDatabase } from "../../backend/index.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { loadNow } from "./report.js";

/** The indexer's catch-up after an outage, on one store: from its checkpoint to the head. */
export interface CatchUpResult {
  store: string;
  fromBlock: number;
  toBlock: number;
  blocks: number;
  logs: number;
  /** From opening the index (a restarted indexer's first step) to the head indexed. */
  seconds: number;
  logsPerSecond: number;
  load: string;
}

/** Indexes the store at `location` (a SQLite file or a PostgreSQL URL) from where it stopped to the chain's head. */
export async function measureCatchUp(
  store: string,
  provider: JsonRpcProvider,
  record: DeploymentRecord,
  location: string,
  batchBlocks: number,
  log: (line: string) => void,
): Promise<CatchUpResult> {
  const started = performance.now();
  const db = await openDatabase(location);
  try {
    const report = await indexToHead({ db, provider, record, batchBlocks, log });
    const seconds = (performance.now() - started) / 1000;
    return {
      store,
      fromBlock: report.fromBlock,
      toBlock: report.toBlock,
      blocks: report.toBlock - report.fromBlock + 1,
      logs: report.logsApplied,
      seconds,
      logsPerSecond: report.logsApplied / seconds,
      load: loadNow(),
    };
  } finally {
    await db.close();
  }
}

/** The raw eth_getLogs rate over blocks from..to (every log, no filter), in batches of `batchBlocks`. */
export async function rawLogRate(provider: JsonRpcProvider, from: number, to: number, batchBlocks: number): Promise<{ logs: number; seconds: number }> {
  let logs = 0;
  const started = performance.now();
  for (let start = from; start <= to; start += batchBlocks) {
    const end = Math.min(to, start + batchBlocks - 1);
    const batch = (await provider.send("eth_getLogs", [{ fromBlock: `0x${start.toString(16)}`, toBlock: `0x${end.toString(16)}` }])) as unknown[];
    logs += batch.length;
  }
  return { logs, seconds: (performance.now() - started) / 1000 };
}
