import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";
import { dropIndexTables } from "./reset.js";
import { getMeta, setMeta } from "./meta.js";

export type Db = DatabaseSync;

/**
 * Opens (creating if needed) the index database in WAL mode: readers (the API) never block
 * the indexer's writer, and a committed batch survives a kill -9. Startup only, so the
 * synchronous directory creation is fine.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  // NORMAL keeps committed transactions across a process crash; only power loss may drop the last ones.
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec(SCHEMA_SQL);
  const stored = getMeta(db, "schema_version");
  if (stored !== String(SCHEMA_VERSION)) {
    // The index is derived from the chain: a new schema simply means a rebuild.
    if (stored !== undefined) dropIndexTables(db);
    setMeta(db, "schema_version", String(SCHEMA_VERSION));
  }
  return db;
}
