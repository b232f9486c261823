import type { DatabaseSync } from "node:sqlite";
import { getMeta, setMeta } from "../db/meta.js";

/** The last block whose logs are all applied, with its hash to notice a replaced chain. */
export interface Checkpoint {
  block: number;
  /** Empty before the first batch: the block before the deployment was never fetched. */
  hash: string;
}

export function readCheckpoint(db: DatabaseSync): Checkpoint | undefined {
  const block = getMeta(db, "checkpoint_block");
  if (block === undefined) return undefined;
  return { block: Number(block), hash: getMeta(db, "checkpoint_hash") ?? "" };
}

/** Called inside the batch's transaction, so the position moves with the rows it covers. */
export function writeCheckpoint(db: DatabaseSync, checkpoint: Checkpoint): void {
  setMeta(db, "checkpoint_block", String(checkpoint.block));
  setMeta(db, "checkpoint_hash", checkpoint.hash);
}
