import type { JsonRpcProvider } from "ethers";
import type { Db } from "../db/db.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { Indexer, type SyncReport } from "./indexer.js";

export interface IndexToHeadOptions {
  db: Db;
  provider: JsonRpcProvider;
  record: DeploymentRecord;
  batchBlocks?: number;
  log?: (line: string) => void;
}

/**
 * Indexes from the database's checkpoint (or the deployment) to the chain head once and
 * reports how much was applied: what the benchmark measures.
 */
export async function indexToHead(opts: IndexToHeadOptions): Promise<SyncReport> {
  const indexer = new Indexer({
    db: opts.db,
    provider: opts.provider,
    loadDeployment: async () => opts.record,
    batchBlocks: opts.batchBlocks ?? 2000,
    pollMs: 250,
    log: opts.log,
  });
  try {
    return await indexer.syncToHead();
  } finally {
    // The last step may have started reading a batch past the head it was asked for.
    await indexer.stop();
  }
}
