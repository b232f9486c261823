import { timingSafeEqual } from "node:crypto";
import express, { type RequestHandler, type Router } from "express";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ApiDeps } from "./deps.js";
import { chainHealth } from "./routes/status.js";
import { statement } from "../db/statements.js";

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
    statement(deps.db, "SELECT 1 AS one").get();
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

/**
 * The backend's operations endpoints and its Prometheus metrics: request latency by route, the
 * indexer's position and lag, whether the chain answers, and the webhook queue. One registry per
 * app, so apps in one process (tests) never mix their numbers.
 */
export function createOps(deps: ApiDeps): Ops {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "cluster_" });
  const latency = new Histogram({
    name: "cluster_http_request_duration_seconds",
    help: "API request latency by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const state = () => deps.indexer.state;
  new Gauge({
    name: "cluster_indexer_head_block",
    help: "The chain's head as the indexer last saw it",
    registers: [registry],
    collect() {
      this.set(state().headBlock ?? -1);
    },
  });
  new Gauge({
    name: "cluster_indexer_indexed_block",
    help: "The last block the index holds",
    registers: [registry],
    collect() {
      this.set(state().indexedBlock ?? -1);
    },
  });
  new Gauge({
    name: "cluster_indexer_lag_blocks",
    help: "Blocks between the chain's head and the index",
    registers: [registry],
    collect() {
      const { headBlock, indexedBlock } = state();
      this.set(headBlock !== null && indexedBlock !== null ? Math.max(headBlock - indexedBlock, 0) : -1);
    },
  });
  new Gauge({
    name: "cluster_chain_reachable",
    help: "1 while the chain answers the indexer",
    registers: [registry],
    collect() {
      this.set(chainHealth(deps).reachable ? 1 : 0);
    },
  });
  new Gauge({
    name: "cluster_webhook_deliveries",
    help: "Webhook deliveries to external services by status",
    labelNames: ["status"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const rows = statement(deps.db, "SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status").all() as { status: string; n: number }[];
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });

  const observe: RequestHandler = (req, res, next) => {
    const end = latency.startTimer();
    res.once("finish", () => {
      // The route's pattern, not the URL: ids stay out of the labels. Unrouted: the web app or a 404.
      const route = (req.route as { path?: string } | undefined)?.path ?? (req.path.startsWith("/api/") ? "unmatched" : "web");
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };

  const router = express.Router();
  router.get("/livez", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ live: true });
  });
  router.get("/readyz", (_req, res, next) => {
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
