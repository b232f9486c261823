import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { issueSessionToken } from "../../backend/auth/session.js";
import { BIN, freePort, startService, waitUntil } from "../lib/processes.js";
import { measureEndpoint, type ApiResult } from "./api.js";
import { loadNow } from "./report.js";

/**
 * The pages measured on the large world: what the web app requests for a cluster's pages. One
 * list, so paging parameters are easy to adjust; `limit=50` is a page of the lists that page.
 */
export function worldPages(clusterId: string, member: string, openCycle?: number): string[] {
  const c = `/api/clusters/${clusterId}`;
  return [
    "/api/clusters",
    c,
    `${c}/members`,
    `${c}/network`,
    `${c}/proposals`,
    `${c}/documents?limit=50`,
    `${c}/agreements?limit=50`,
    `${c}/obligations?member=${member}`,
    `${c}/clearing`,
    // The clearing tab's open cycle: its totals and largest flows (the graphs), and the table's
    // first page of flows, in arrow order and by what is owed.
    ...(openCycle === undefined
      ? []
      : [
          `${c}/clearing/cycles/${openCycle}`,
          `${c}/clearing/cycles/${openCycle}/flows?limit=20`,
          `${c}/clearing/cycles/${openCycle}/flows?limit=20&sort=-owed`,
        ]),
  ];
}

/** Reads the SQLite index at `sqlitePath`, read-only. */
function fromIndex<T>(sqlitePath: string, read: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(sqlitePath, { readOnly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The cluster's open clearing cycle, from the SQLite index; undefined when none is open. */
export function openCycleOf(sqlitePath: string, clusterId: string): number | undefined {
  return fromIndex(
    sqlitePath,
    (db) =>
      (db.prepare("SELECT cycle FROM clearing_cycles WHERE cluster_id = ? AND phase = 'open'").get(Number(clusterId)) as { cycle: number } | undefined)?.cycle,
  );
}

/**
 * The member the pages are read as: the cluster's party to the most agreements (a member who is
 * party to none sees an empty agreements page), from the SQLite index; `fallback` when it has none.
 */
export function busyMember(sqlitePath: string, clusterId: string, fallback: string): string {
  const row = fromIndex(
    sqlitePath,
    (db) =>
      db.prepare("SELECT party FROM agreement_parties WHERE cluster_id = ? GROUP BY party ORDER BY COUNT(*) DESC, party LIMIT 1").get(Number(clusterId)) as
        { party: string } | undefined,
  );
  return (row?.party ?? fallback).toLowerCase();
}

/** Latency with one request at a time; throughput (and queueing) with this many connections. */
export const LOADED_CONNECTIONS = 10;

export interface PageRow {
  store: string;
  path: string;
  /** The first request's status, body size and time, before the timed runs (a clearing cycle's kept view is computed then). */
  status: number;
  bytes: number;
  firstMs: number;
  /** One connection: each request's own latency. */
  single: ApiResult;
  singleLoad: string;
  /** LOADED_CONNECTIONS connections: throughput, and latency with queueing. */
  loaded: ApiResult;
  loadedLoad: string;
}

export interface ApiStore {
  store: string;
  /** What points the backend at the index: CLUSTER_DB, or CLUSTER_DATABASE_URL. */
  env: Record<string, string>;
}

export interface ApiRun {
  rpcUrl: string;
  recordPath: string;
  dir: string;
  paths: string[];
  /** The member every request is signed in as (the member-only pages need a session). */
  member: string;
  seconds: number;
  say: (line: string) => void;
}

/** Starts the backend on one store's index, measures every page at one and at LOADED_CONNECTIONS connections, and stops it. */
export async function measurePages(store: ApiStore, run: ApiRun): Promise<PageRow[]> {
  const port = await freePort();
  const secret = randomBytes(32).toString("hex");
  const slug = store.store.toLowerCase();
  const backend = await startService(`backend (${store.store})`, join(BIN, "tsx"), ["backend/server.ts"], {
    env: {
      CLUSTER_SESSION_SECRET: secret,
      CLUSTER_RPC_URL: run.rpcUrl,
      CLUSTER_DEPLOYMENT: run.recordPath,
      CLUSTER_API_PORT: String(port),
      CLUSTER_FRONTEND_DIST: join(run.dir, "no-frontend"),
      CLUSTER_IPFS_DIR: join(run.dir, `ipfs-${slug}`),
      ...store.env,
    },
    logFile: join(run.dir, `backend-${slug}.log`),
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(`the backend on ${store.store}`, async () => (await fetch(`${base}/api/status`)).ok, 120_000);
    const { token } = await issueSessionToken(secret, run.member, 4 * 3600);
    const headers = { authorization: `Bearer ${token}` };
    const rows: PageRow[] = [];
    for (const path of run.paths) {
      const started = performance.now();
      const probe = await fetch(`${base}${path}`, { headers });
      const bytes = (await probe.arrayBuffer()).byteLength;
      const firstMs = Math.round(performance.now() - started);
      const single = await measureEndpoint(base, path, run.seconds, 1, headers);
      const singleLoad = loadNow();
      const loaded = await measureEndpoint(base, path, run.seconds, LOADED_CONNECTIONS, headers);
      rows.push({ store: store.store, path, status: probe.status, bytes, firstMs, single, singleLoad, loaded, loadedLoad: loadNow() });
      run.say(
        `${store.store} GET ${path}: HTTP ${probe.status}, ${bytes.toLocaleString("en-US")} bytes, first ${firstMs} ms; p99 ${single.p99} ms alone, ${loaded.p99} ms at ${LOADED_CONNECTIONS} connections (${Math.round(loaded.rps)} req/s); ${singleLoad}`,
      );
    }
    return rows;
  } finally {
    await backend.stop();
  }
}
