import type { DatabaseSync } from "node:sqlite";
import { statement } from "./statements.js";
import type { Row } from "./table.js";
import type { meta } from "./platformTables.js";

/** Keys of the meta table; everything the indexer needs to resume or to notice a new chain. */
export type MetaKey =
  "schema_version" | "chain_id" | "genesis_hash" | "deployment_id" | "checkpoint_block" | "checkpoint_hash" | "checkpoint_time" | "network_validators";

export function getMeta(db: DatabaseSync, key: MetaKey): string | undefined {
  const row = statement(db, "SELECT value FROM meta WHERE key = ?").get(key) as Pick<Row<typeof meta>, "value"> | undefined;
  return row?.value;
}

export function setMeta(db: DatabaseSync, key: MetaKey, value: string): void {
  statement(db, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}

/**
 * The chain and deployment that rows kept across index rebuilds (uploads, webhook deliveries)
 * belong to: cluster ids and block positions mean something only within them.
 */
export function chainScope(db: DatabaseSync): string {
  return `${getMeta(db, "genesis_hash") ?? ""}/${getMeta(db, "deployment_id") ?? ""}`;
}
