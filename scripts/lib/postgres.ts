/**
 * A throwaway PostgreSQL cluster for the tests and the bench: Debian's server binaries, a data
 * folder in a temporary directory, listening on 127.0.0.1 only, removed when stopped.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export interface ThrowawayPostgres {
  /** The superuser's URL to the "postgres" database (tests create one database each from it). */
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** The newest installed server's bin folder, or null (`apt-get install postgresql` brings one). */
export function postgresBinDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], "bin") : null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Creates database `name` on the server at `serverUrl` and returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed (Debian: apt-get install postgresql); .ci/run installs it");
  const dir = await mkdtemp(join(tmpdir(), "cluster-pg-"));
  // initdb refuses to run as root: the server then runs as Debian's postgres account.
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? await run("id", ["-u", "postgres"]).then((r) => Number(r.stdout.trim())) : null;
  if (owner !== null) await chown(dir, owner, owner);
  const as = (cmd: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]) : run(join(bin, cmd), args));
  const data = join(dir, "data");
  await as("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  // Durability settings off: a test cluster lives minutes and a process crash (what the tests
  // provoke) loses nothing committed even so; only a machine crash would.
  const options = [
    "-c listen_addresses=127.0.0.1",
    `-p ${port}`,
    `-k ${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=400",
  ].join(" ");
  await as("pg_ctl", ["start", "-D", data, "-w", "-t", "60", "-l", join(dir, "server.log"), "-o", options]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    async stop() {
      await as("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
