import type { Db } from "../db/db.js";
import { statement } from "../db/statements.js";

// Answers derived from many index rows (a large cycle's 30,000 obligations summed per pair, its
// optimal set-off), kept while the index stands where it stood when they were computed. The
// indexer moves the checkpoint in the same transaction as every write it makes, so an unchanged
// checkpoint (block and hash: a reorganised block at the same height is a different one) means
// unchanged rows. Each API process keeps its own: replicas share the database, not memory.

/** Derived answers kept per database, the most recently used last. */
const kept = new WeakMap<Db, Map<string, { at: string; value: Promise<unknown> }>>();

/** Answers kept per database at most: a large cycle's view holds some megabytes. */
export const KEPT_ANSWERS = 8;

/** Where the index stands: its checkpoint's block and hash ("" before the first batch). */
async function checkpointOf(db: Db): Promise<string> {
  const rows = (await statement(db, "SELECT key, value FROM meta WHERE key IN ('checkpoint_block', 'checkpoint_hash') ORDER BY key").all()) as {
    key: string;
    value: string;
  }[];
  return rows.map((r) => r.value).join("/");
}

/**
 * `compute()`'s answer for `key`, computed once per checkpoint: requests at the same checkpoint
 * share it (even while it is being computed); a failed computation is not kept.
 */
export async function atCheckpoint<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
  const at = await checkpointOf(db);
  let answers = kept.get(db);
  if (!answers) kept.set(db, (answers = new Map()));
  const hit = answers.get(key);
  answers.delete(key);
  if (hit && hit.at === at) {
    answers.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  answers.set(key, { at, value });
  while (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value!);
  value.catch(() => {
    if (answers.get(key)?.value === value) answers.delete(key);
  });
  return value;
}
