import { timingSafeEqual } from "node:crypto";
import express, { type Request, type RequestHandler, type Router } from "express";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ApiDeps } from "./deps.js";
import { chainHealth } from "./routes/status.js";
import { statement } from "../db/statements.js";
import { createBackendMetrics } from "../ops/metrics.js";

/** Any CIDv0 (the empty UnixFS directory's): asking a store whether it has it proves the store answers. */
const PROBE_CID = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
const STORE_PROBE_MS = 2000;

export interface Ops {
  /** Times every request into the latency histogram, by route (first in the app). */
  observe: RequestHandler;
  /** GET /livez, /readyz and /metrics, outside /api: for orchestrators and Prometheus, not for the web app. */
  router: Router;
}

type Check = { ok: boolean; detail: string };

/** Each dependency of a ready backend: the database, the chain and the index's lag behind it, the content store. */
async function readiness(deps: ApiDeps): Promise<Record<string, Check>> {
  const checks: Record<string, Check> = {};
  try {
    await statement(deps.db, "SELECT 1 AS one").get();
    checks.database = { ok: true, detail: "answers" };
  } catch (err) {
    checks.database = { ok: false, detail: (err as Error).message };
  }
  const chain = chainHealth(deps);
  checks.chain = { ok: chain.reachable, detail: chain.problem ?? "answers" };
  const { headBlock, indexedBlock } = deps.indexer.state;
  const lag = headBlock !== null && indexedBlock !== null ? Math.max(headBlock - indexedBlock, 0) : null;
  const maxLag = deps.config.ops.readyMaxLagBlocks;
  checks.index =
    lag === null ? { ok: false, detail: "has not indexed the chain yet" } : { ok: lag <= maxLag, detail: `${lag} blocks behind the head (at most ${maxLag})` };
  if (deps.store) {
    try {
      await deps.store.has(PROBE_CID, { signal: AbortSignal.timeout(STORE_PROBE_MS) });
      checks.contentStore = { ok: true, detail: "answers" };
    } catch (err) {
      checks.contentStore = { ok: false, detail: (err as Error).message };
    }
  }
  return checks;
}

function sameToken(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The route's pattern, not the URL: ids and tokens stay out of labels and logs. Unrouted: the web app or a 404. */
function routeOf(req: Request): string {
  return (req.route as { path?: string } | undefined)?.path ?? (req.path.startsWith("/api/") ? "unmatched" : "web");
}

/**
 * The backend's operations endpoints and its Prometheus metrics: request latency by route, the
 * indexer's position and lag, whether the chain answers, and the webhook queue; with them the
 * server's metrics of chain calls and operators (deps.metrics). One registry per app, so apps in
 * one process (tests) never mix their numbers.
 */
export function createOps(deps: ApiDeps): Ops {
  const own = new Registry();
  collectDefaultMetrics({ register: own, prefix: "cluster_" });
  const latency = new Histogram({
    name: "cluster_http_request_duration_seconds",
    help: "API request latency by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [own],
  });
  const state = () => deps.indexer.state;
  new Gauge({
    name: "cluster_indexer_head_block",
    help: "The chain's head as the indexer last saw it",
    registers: [own],
    collect() {
      this.set(state().headBlock ?? -1);
    },
  });
  new Gauge({
    name: "cluster_indexer_indexed_block",
    help: "The last block the index holds",
    registers: [own],
    collect() {
      this.set(state().indexedBlock ?? -1);
    },
  });
  new Gauge({
    name: "cluster_indexer_lag_blocks",
    help: "Blocks between the chain's head and the index",
    registers: [own],
    collect() {
      const { headBlock, indexedBlock } = state();
      this.set(headBlock !== null && indexedBlock !== null ? Math.max(headBlock - indexedBlock, 0) : -1);
    },
  });
  new Gauge({
    name: "cluster_chain_reachable",
    help: "1 while the chain answers the indexer",
    registers: [own],
    collect() {
      this.set(chainHealth(deps).reachable ? 1 : 0);
    },
  });
  new Gauge({
    name: "cluster_webhook_deliveries",
    help: "Webhook deliveries to external services by status",
    labelNames: ["status"] as const,
    registers: [own],
    async collect() {
      this.reset();
      const rows = (await statement(deps.db, "SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status").all()) as { status: string; n: number }[];
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });

  // Merged once every metric of the app is registered: merging copies the registries' metrics as they are.
  const registry = Registry.merge([own, (deps.metrics ?? createBackendMetrics()).registry]);

  const observe: RequestHandler = (req, res, next) => {
    const started = performance.now();
    let recorded = false;
    // "close" comes after "finish", or alone when the client went away before the answer was sent.
    const record = (aborted: boolean) => {
      if (recorded) return;
      recorded = true;
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req);
      if (!aborted) latency.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      deps.requestLog?.({ method: req.method, route, status: res.statusCode, ms: seconds * 1000, aborted });
    };
    res.once("finish", () => record(false));
    res.once("close", () => record(true));
    next();
  };

  const router = express.Router();
  router.get("/livez", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ live: true });
  });
  router.get("/readyz", (_req, res, next) => {
    if (deps.draining?.()) {
      res.status(503).set("Cache-Control", "no-store").json({ ready: false, draining: true });
      return;
    }
    readiness(deps).then((checks) => {
      const ready = Object.values(checks).every((c) => c.ok);
      res
        .status(ready ? 200 : 503)
        .set("Cache-Control", "no-store")
        .json({ ready, checks });
    }, next);
  });
  router.get("/metrics", (req, res, next) => {
    const token = deps.config.ops.metricsToken;
    if (token !== null && !sameToken(/^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1] ?? "", token)) {
      res
        .status(401)
        .set("WWW-Authenticate", "Bearer")
        .json({ error: { code: "unauthorized", message: "The metrics need the bearer token of CLUSTER_METRICS_TOKEN" } });
      return;
    }
    registry.metrics().then((text) => res.set("Content-Type", registry.contentType).send(text), next);
  });
  return { observe, router };
}
