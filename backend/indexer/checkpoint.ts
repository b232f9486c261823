import type { Db } from "../db/db.js";
import { getMeta, setMeta } from "../db/meta.js";

/** The last block whose logs are all applied, with its hash to notice a replaced chain. */
export interface Checkpoint {
  block: number;
  /** Empty before the first batch: the block before the deployment was never fetched. */
  hash: string;
}

export async function readCheckpoint(db: Db): Promise<Checkpoint | undefined> {
  const block = await getMeta(db, "checkpoint_block");
  if (block === undefined) return undefined;
  return { block: Number(block), hash: (await getMeta(db, "checkpoint_hash")) ?? "" };
}

/** Called inside the batch's transaction, so the position moves with the rows it covers. */
export async function writeCheckpoint(db: Db, checkpoint: Checkpoint): Promise<void> {
  await setMeta(db, "checkpoint_block", String(checkpoint.block));
  await setMeta(db, "checkpoint_hash", checkpoint.hash);
}
