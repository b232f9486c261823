import type { Db } from "../db/db.js";

// Answers derived from many index rows (a large cycle's 30,000 obligations summed per pair, its
// optimal set-off), kept while what they were derived from stands. The caller says what that is:
// a version string read cheaply from the index (a cycle's phase and obligation count, say), so an
// answer outlives blocks that do not touch it. Each API process keeps its own: replicas share the
// database, not memory.

/** Derived answers kept per database, the most recently used last. */
const kept = new WeakMap<Db, Map<string, { version: string; value: Promise<unknown> }>>();

/** Answers kept per database at most: a large cycle's view holds some megabytes. */
export const KEPT_ANSWERS = 8;

/**
 * `compute()`'s answer for `key` at `version`, computed once: requests at the same version share
 * it (even while it is being computed); another version computes it afresh; a failure is not kept.
 */
export async function keptAnswer<T>(db: Db, key: string, version: string, compute: () => Promise<T>): Promise<T> {
  let answers = kept.get(db);
  if (!answers) kept.set(db, (answers = new Map()));
  const hit = answers.get(key);
  answers.delete(key);
  if (hit && hit.version === version) {
    answers.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  answers.set(key, { version, value });
  while (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value!);
  value.catch(() => {
    if (answers.get(key)?.value === value) answers.delete(key);
  });
  return value;
}
