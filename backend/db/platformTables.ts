// The indexer's own tables: its settings and position, and the logs it applied.
import { bigint, integer, table, text, type AnyTable } from "./table.js";

export const meta = table(
  "meta",
  {
    key: text,
    value: text,
  },
  { primaryKey: ["key"], derived: false },
);

export const appliedLogs = table(
  "applied_logs",
  {
    block_hash: text,
    log_index: integer,
    block_number: bigint,
    address: text,
    event: text,
  },
  { primaryKey: ["block_hash", "log_index"] },
);

/** Every table of this part. */
export const PLATFORM_TABLES: readonly AnyTable[] = [meta, appliedLogs];
