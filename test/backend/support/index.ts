import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonRpcProvider } from "ethers";
import { readDeployment } from "../../../core/node/deploymentFile.js";
import { openDatabase, type Db } from "../../../backend/db/open.js";
import { INDEX_TABLES, TABLE_COLUMNS } from "../../../backend/db/schema.js";
import { Indexer } from "../../../backend/indexer/indexer.js";
import type { BatchHooks } from "../../../backend/indexer/batch.js";
import { testLocation } from "./store.js";

export interface TestIndex {
  db: Db;
  dbPath: string;
  indexer: Indexer;
  close(): Promise<void>;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "cluster-index-"));
}

/** A fresh index database following the deployment at `recordPath`, synced to the head. */
export async function indexOf(
  provider: JsonRpcProvider,
  recordPath: string,
  opts: { batchBlocks?: number; dbPath?: string; sync?: boolean; hooks?: BatchHooks } = {},
): Promise<TestIndex> {
  const dbPath = opts.dbPath ?? join(await tempDir(), "index.sqlite");
  const db = await openDatabase(testLocation(dbPath));
  const indexer = new Indexer({
    db,
    provider,
    loadDeployment: () => readDeployment(recordPath),
    batchBlocks: opts.batchBlocks ?? 2000,
    pollMs: 20,
    hooks: opts.hooks,
  });
  if (opts.sync !== false) await indexer.syncToHead();
  return {
    db,
    dbPath,
    indexer,
    async close() {
      await indexer.stop();
      if (db.isOpen) await db.close();
    },
  };
}

/** Every derived table, rows in a stable order: two indexes of one chain must dump equal. */
export async function dumpIndex(db: Db): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of INDEX_TABLES) {
    const columns = TABLE_COLUMNS.get(table)!;
    dump[table] = (await db.prepare(`SELECT ${columns.join(", ")} FROM ${table} ORDER BY ${columns.join(", ")}`).all()).map((row) => ({ ...row }));
  }
  return dump;
}
