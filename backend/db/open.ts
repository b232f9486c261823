import type { Db } from "./db.js";
import { getMeta, setMeta } from "./meta.js";
import { PostgresDb } from "./postgres.js";
import { dropIndexTables } from "./reset.js";
import { MIGRATIONS, schemaSql, SCHEMA_VERSION } from "./schema.js";
import { SqliteDb } from "./sqlite.js";
import { statement } from "./statements.js";
import { inTransaction } from "./transaction.js";

export type { Db } from "./db.js";

/** A PostgreSQL connection URL (CLUSTER_DATABASE_URL), as opposed to a SQLite file's path. */
function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/**
 * Opens the index store at `location`: a PostgreSQL URL, or the path of a SQLite file (created if
 * needed; ":memory:" for a throwaway one). Brings its tables to this version: pending
 * migrations, then any table new since, then a rebuild of what is derived from the chain when
 * its SCHEMA_VERSION changed.
 */
export async function openDatabase(location: string): Promise<Db> {
  const db = isPostgresUrl(location) ? await PostgresDb.connect(location) : new SqliteDb(location);
  try {
    await inTransaction(
      db,
      async (tx) => {
        const fresh = !(await hasTable(tx, "meta"));
        await tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL)");
        const applied = new Set((await statement(tx, "SELECT version FROM schema_migrations").all()).map((r) => Number(r.version)));
        for (const m of MIGRATIONS) {
          if (applied.has(m.version)) continue;
          if (!fresh) await tx.exec(m.sql);
          await statement(tx, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)").run(m.version, m.name);
        }
        await tx.exec(schemaSql(tx.dialect));
        const stored = await getMeta(tx, "schema_version");
        if (stored !== String(SCHEMA_VERSION)) {
          // The index is derived from the chain: a new schema simply means a rebuild.
          if (stored !== undefined) await dropIndexTables(tx);
          await setMeta(tx, "schema_version", String(SCHEMA_VERSION));
        }
      },
      "schema",
    );
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function hasTable(db: Db, name: string): Promise<boolean> {
  const sql =
    db.dialect === "sqlite"
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"
      : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?";
  return (await statement(db, sql).get(name)) !== undefined;
}
