import { SERVICE_TABLES } from "../services/tables.js";
import { PLATFORM_TABLES } from "./platformTables.js";
import { tableSql, type AnyTable } from "./table.js";

/**
 * The index database: the indexer's own tables and each installed service's (declared in
 * backend/services/<service>/tables.ts). A new schema version rebuilds the index from the chain.
 */
export const SCHEMA_VERSION = 14;

const ALL_TABLES: readonly AnyTable[] = [...PLATFORM_TABLES, ...Object.values(SERVICE_TABLES).flat()];

/** The tables no chain event gives back (uploads, nonces, webhook deliveries, ...), meta aside: kept across rebuilds. */
export const KEPT_TABLES: readonly string[] = ALL_TABLES.filter((t) => !t.derived && t.name !== "meta").map((t) => t.name);

/** Each table's column names, by table name. */
export const TABLE_COLUMNS: ReadonlyMap<string, readonly string[]> = new Map(ALL_TABLES.map((t) => [t.name, Object.keys(t.columns)]));

/** The tables derived from chain events: dropped and rebuilt when the chain or the deployment changes. */
export const INDEX_TABLES: readonly string[] = ALL_TABLES.filter((t) => t.derived).map((t) => t.name);

/** Every table's name, the platform's first. */
export const TABLE_NAMES: readonly string[] = ALL_TABLES.map((t) => t.name);

/** Every table as declared now (idempotent), in the store's dialect. */
export function schemaSql(dialect: "sqlite" | "postgres"): string {
  return ALL_TABLES.map((t) => tableSql(t, dialect)).join("\n\n");
}

/**
 * Changes to databases made by earlier versions, in order, each run once and recorded in
 * schema_migrations. A new database gets schemaSql() and counts them all as applied. Tables
 * derived from the chain need none: a new SCHEMA_VERSION rebuilds them.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  // Replaced by webhook_deliveries_heads, which finds each cluster's queue head in one index seek.
  { version: 1, name: "webhook deliveries: one queue index per cluster", sql: "DROP INDEX IF EXISTS webhook_deliveries_queue;" },
  // What the indexer applied is its journal's rows (chain_events): a second row per log cost a third of its writes.
  { version: 2, name: "applied logs: the journal is the record", sql: "DROP TABLE IF EXISTS applied_logs;" },
];
