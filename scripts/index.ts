/**
 * The index's maintenance, on the store the backend's configuration names (CLUSTER_DATABASE_URL,
 * else the SQLite file CLUSTER_DB): `rebuild` drops what was derived from the chain and indexes
 * it again from the deployment's first block; `copy <file.sqlite>` first brings over from a
 * SQLite index what no chain event can give back (uploads, webhook deliveries, service
 * settings, network actions), the way to move an installation to PostgreSQL.
 */
import { existsSync } from "node:fs";
import { createProvider } from "../core/chain/provider.js";
import { readDeployment } from "../core/node/deploymentFile.js";
import { indexLocation, loadConfig } from "../backend/config.js";
import type { Db } from "../backend/db/db.js";
import { openDatabase } from "../backend/db/open.js";
import { redact } from "../backend/db/postgres.js";
import { dropIndexTables } from "../backend/db/reset.js";
import { KEPT_TABLES, TABLE_COLUMNS } from "../backend/db/schema.js";
import { SqliteDb } from "../backend/db/sqlite.js";
import { statement } from "../backend/db/statements.js";
import { indexToHead } from "../backend/indexer/run.js";

const USAGE = "usage: scripts/clusterw index rebuild | copy <from.sqlite>";
const CHUNK = 500;

/** Copies every kept table's rows from `from` into `to` in one transaction (rows already there stay). */
async function copyKept(from: Db, to: Db): Promise<void> {
  await to.transaction(async (tx) => {
    for (const table of KEPT_TABLES) {
      const columns = TABLE_COLUMNS.get(table)!;
      const rows = await statement(from, `SELECT ${columns.join(", ")} FROM ${table}`).all();
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const values = chunk.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
        await statement(tx, `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values} ON CONFLICT DO NOTHING`).run(
          ...chunk.flatMap((row) => columns.map((c) => row[c] ?? null)),
        );
      }
      console.log(`copied ${table}: ${rows.length} rows`);
    }
  });
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if ((command !== "rebuild" && command !== "copy") || rest.length > (command === "copy" ? 1 : 0)) throw new Error(USAGE);
  const source = rest[0];
  if (command === "copy" && (!source || !existsSync(source))) throw new Error(`${USAGE}: name an existing SQLite index to copy from`);
  const config = loadConfig();
  const location = indexLocation(config);
  if (source === location) throw new Error("the SQLite index to copy from is the configured index itself");
  const db = await openDatabase(location);
  const provider = createProvider(config.rpcUrl, { timeoutMs: config.rpcTimeoutMs });
  try {
    if (source) {
      const from = new SqliteDb(source);
      try {
        await copyKept(from, db);
      } finally {
        await from.close();
      }
    }
    const record = await readDeployment(config.deploymentPath);
    console.log(`Rebuilding the index at ${redact(location)} from ${config.rpcUrl} (deployment ${config.deploymentPath})`);
    await dropIndexTables(db);
    const report = await indexToHead({ db, provider, record, batchBlocks: config.indexer.batchBlocks, log: (line) => console.log(line) });
    console.log(`Indexed blocks ${report.fromBlock}–${report.toBlock}: ${report.logsApplied} events in ${(report.ms / 1000).toFixed(1)} s`);
  } finally {
    provider.destroy();
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
