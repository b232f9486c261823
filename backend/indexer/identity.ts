import { id } from "ethers";
import type { Db } from "../db/db.js";
import { firstBlock, type DeploymentRecord } from "../../core/deployment/record.js";
import { getMeta, setMeta } from "../db/meta.js";
import { dropIndexTables } from "../db/reset.js";
import { inTransaction } from "../db/transaction.js";
import { writeCheckpoint } from "./checkpoint.js";

/** A fingerprint of the deployment: a redeployed platform (new addresses or blocks) changes it. */
export function deploymentId(record: DeploymentRecord): string {
  const contracts = Object.entries(record.contracts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `${name}=${c.address.toLowerCase()}@${c.block}`);
  return id([record.chainId, record.genesisHash, record.deployedAt, ...contracts].join("|"));
}

export type IdentityOutcome = "kept" | "created" | "rebuilt";

/**
 * Makes sure the index describes this chain and this deployment. A different genesis (the node
 * was restarted) or a different deployment means every row is stale: drop them and start again
 * from the deployment's first block.
 */
export async function ensureIndexIdentity(db: Db, record: DeploymentRecord, genesisHash: string): Promise<IdentityOutcome> {
  const depId = deploymentId(record);
  const stored = {
    chainId: await getMeta(db, "chain_id"),
    genesis: await getMeta(db, "genesis_hash"),
    deployment: await getMeta(db, "deployment_id"),
  };
  if (stored.chainId === String(record.chainId) && stored.genesis === genesisHash && stored.deployment === depId) {
    return "kept";
  }
  const hadIndex = stored.genesis !== undefined;
  if (hadIndex) await dropIndexTables(db);
  await inTransaction(db, async () => {
    await setMeta(db, "chain_id", String(record.chainId));
    await setMeta(db, "genesis_hash", genesisHash);
    await setMeta(db, "deployment_id", depId);
    await writeCheckpoint(db, { block: firstBlock(record) - 1, hash: "" });
  });
  return hadIndex ? "rebuilt" : "created";
}

/** Forgets everything derived from a chain that is gone (its genesis no longer answers). */
export async function dropStaleIndex(db: Db, genesisHash: string): Promise<boolean> {
  const stored = await getMeta(db, "genesis_hash");
  if (stored === undefined || stored === genesisHash) return false;
  await dropIndexTables(db);
  return true;
}
