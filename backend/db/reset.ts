import type { DatabaseSync } from "node:sqlite";
import { INDEX_TABLES, SCHEMA_SQL } from "./schema.js";
import { forgetStatements } from "./statements.js";
import { inTransaction } from "./transaction.js";

/**
 * Drops everything derived from the chain (and the indexer's position) and recreates the empty
 * tables. Sign-in nonces survive: they do not depend on the chain.
 */
export function dropIndexTables(db: DatabaseSync): void {
  forgetStatements(db);
  inTransaction(db, () => {
    for (const table of INDEX_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
    db.exec("DELETE FROM meta WHERE key IN ('chain_id', 'genesis_hash', 'deployment_id', 'checkpoint_block', 'checkpoint_hash', 'checkpoint_time')");
    db.exec(SCHEMA_SQL);
  });
}
