import type { Db } from "./db.js";
import { statement } from "./statements.js";
import type { Row } from "./table.js";
import type { meta } from "./platformTables.js";

/** Keys of the meta table; everything the indexer needs to resume or to notice a new chain. */
export type MetaKey =
  "schema_version" | "chain_id" | "genesis_hash" | "deployment_id" | "checkpoint_block" | "checkpoint_hash" | "checkpoint_time" | "network_validators";

export async function getMeta(db: Db, key: MetaKey): Promise<string | undefined> {
  const row = (await statement(db, "SELECT value FROM meta WHERE key = ?").get(key)) as Pick<Row<typeof meta>, "value"> | undefined;
  return row?.value;
}

export async function setMeta(db: Db, key: MetaKey, value: string): Promise<void> {
  await statement(db, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}

/**
 * The chain and deployment that rows kept across index rebuilds (uploads, webhook deliveries)
 * belong to: cluster ids and block positions mean something only within them.
 */
export async function chainScope(db: Db): Promise<string> {
  return `${(await getMeta(db, "genesis_hash")) ?? ""}/${(await getMeta(db, "deployment_id")) ?? ""}`;
}
