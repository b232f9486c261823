// The platform's own tables: the indexer's settings and position (what it applied is its journal,
// chain_events), the network's (node registry and permissioning operator), and the settlement
// tokens' metadata.
import { NETWORK_TABLES } from "../network/tables.js";
import { TOKEN_TABLES } from "../tokens/tables.js";
import { table, text, type AnyTable } from "./table.js";

export const meta = table(
  "meta",
  {
    key: text,
    value: text,
  },
  { primaryKey: ["key"], derived: false },
);

/** Every table of this part. */
export const PLATFORM_TABLES: readonly AnyTable[] = [meta, ...NETWORK_TABLES, ...TOKEN_TABLES];
