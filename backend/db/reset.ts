import type { Db } from "./db.js";
import { INDEX_TABLES, schemaSql } from "./schema.js";
import { inTransaction } from "./transaction.js";

/**
 * Drops everything derived from the chain (and the indexer's position) and recreates the empty
 * tables. Sign-in nonces survive: they do not depend on the chain.
 */
export async function dropIndexTables(db: Db): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const table of INDEX_TABLES) await tx.exec(`DROP TABLE IF EXISTS ${table}`);
    await tx.exec("DELETE FROM meta WHERE key IN ('chain_id', 'genesis_hash', 'deployment_id', 'checkpoint_block', 'checkpoint_hash', 'checkpoint_time')");
    await tx.exec(schemaSql(tx.dialect));
  });
}
