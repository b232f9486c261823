import { SERVICE_TABLES } from "../services/tables.js";
import { PLATFORM_TABLES } from "./platformTables.js";
import { tableSql, type AnyTable } from "./table.js";

/**
 * The index database: the indexer's own tables and each installed service's (declared in
 * backend/services/<service>/tables.ts). A new schema version rebuilds the index from the chain.
 */
export const SCHEMA_VERSION = 11;

const ALL_TABLES: readonly AnyTable[] = [...PLATFORM_TABLES, ...Object.values(SERVICE_TABLES).flat()];

/** The tables derived from chain events: dropped and rebuilt when the chain or the deployment changes. */
export const INDEX_TABLES: readonly string[] = ALL_TABLES.filter((t) => t.derived).map((t) => t.name);

/** Every table's name, the platform's first. */
export const TABLE_NAMES: readonly string[] = ALL_TABLES.map((t) => t.name);

// Statements for databases made by earlier versions, run after the tables.
const UPGRADES = [
  // Replaced by webhook_deliveries_heads, which finds each cluster's queue head in one index seek.
  "DROP INDEX IF EXISTS webhook_deliveries_queue;",
];

export const SCHEMA_SQL = [...ALL_TABLES.map(tableSql), ...UPGRADES].join("\n\n");
