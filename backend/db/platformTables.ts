// The platform's own tables: the indexer's settings and position, the logs it applied, and the
// network's (node registry and permissioning operator), and the settlement tokens' metadata.
import { NETWORK_TABLES } from "../network/tables.js";
import { TOKEN_TABLES } from "../tokens/tables.js";
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
export const PLATFORM_TABLES: readonly AnyTable[] = [meta, appliedLogs, ...NETWORK_TABLES, ...TOKEN_TABLES];
