import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Db } from "../../../backend/db/db.js";
import { postgresBinDir } from "../../../scripts/lib/postgres.js";

/**
 * The store the backend suite runs against: SQLite files by default; PostgreSQL when
 * CLUSTER_TEST_DATABASE_URL names a server (scripts/test.ts starts a throwaway one for the
 * suite "backend:postgres"). Each SQLite path a test uses maps to a database of its own there,
 * the same database each time, so a test that reopens "its file" reopens its database.
 */
export const TEST_SERVER_URL = process.env.CLUSTER_TEST_DATABASE_URL ?? null;
export const TEST_DIALECT: Db["dialect"] = TEST_SERVER_URL ? "postgres" : "sqlite";

const created = new Set<string>();

/**
 * Where the index of test path `path` lives: the path itself, or a PostgreSQL database made for
 * it (":memory:" gets a new one each time, as SQLite would).
 */
export function testLocation(path: string): string {
  if (!TEST_SERVER_URL) return path;
  const key = path === ":memory:" ? `${path}/${process.pid}/${Math.random()}` : path;
  const name = `t_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
  if (!created.has(name)) {
    // Synchronous, so configurations can be built where they are (testConfig); a few ms each.
    const psql = join(postgresBinDir() ?? "/usr/bin", "psql");
    const exists = execFileSync(psql, [TEST_SERVER_URL, "-tAc", `SELECT 1 FROM pg_database WHERE datname = '${name}'`], { encoding: "utf8" }).trim();
    if (!exists) execFileSync(psql, [TEST_SERVER_URL, "-qc", `CREATE DATABASE ${name}`]);
    created.add(name);
  }
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The environment that points a backend at the index of test path `path` (CLUSTER_DB, and CLUSTER_DATABASE_URL on PostgreSQL). */
export function storeEnv(path: string): Record<string, string> {
  return TEST_SERVER_URL ? { CLUSTER_DB: path, CLUSTER_DATABASE_URL: testLocation(path) } : { CLUSTER_DB: path };
}
