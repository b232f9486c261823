import type { Router } from "express";
import { statement } from "../../db/statements.js";
import { getMeta } from "../../db/meta.js";
import type { ApiDeps } from "../deps.js";
import { isoFromUnix } from "../../query/time.js";
import { defineRoute, mount } from "../route.js";
import { platformStatus } from "../../../core/api/schemas/status.js";

export const statusRoute = defineRoute({
  method: "get",
  path: "/api/status",
  tag: "platform",
  summary: "Chain reachability, deployment and indexer progress (503, with the same body, while the chain does not answer)",
  response: platformStatus,
  access: "public",
  errors: ["service_unavailable"],
});

/** The indexer's slowest retry pause (indexer.ts): a following indexer calls the chain at least this often, plus one timeout. */
const MAX_RETRY_PAUSE_MS = 5000;

/**
 * Whether the indexer reaches the chain: a following indexer calls it every poll, so silence
 * for longer than a timeout means a hung node; one that only synced once (tools, tests) is
 * judged by its last call alone.
 */
export function chainHealth(deps: Pick<ApiDeps, "config" | "indexer">): { reachable: boolean; problem: string | null } {
  const { config } = deps;
  const { chain, following } = deps.indexer.state;
  const silentMs = chain.lastContactAt === null ? Infinity : Date.now() - chain.lastContactAt;
  const stale = following && silentMs > config.rpcTimeoutMs + Math.max(config.indexer.pollMs, MAX_RETRY_PAUSE_MS);
  const reachable = chain.lastContactAt !== null && chain.problem === null && !stale;
  const problem = reachable
    ? null
    : (chain.problem ??
      (chain.lastContactAt === null ? "The indexer has not reached the chain yet" : `The chain has not answered for ${Math.round(silentMs / 1000)} s`));
  return { reachable, problem };
}

export function mountStatus(router: Router, deps: ApiDeps): void {
  const { db, indexer } = deps;
  mount(router, deps, statusRoute, async ({ res }) => {
    const { record, headBlock, headTime, indexedBlock, phase, genesisHash, chain } = indexer.state;
    const count = async (table: "clusters" | "services") =>
      ((await statement(db, `SELECT COUNT(*) AS n FROM ${table}${table === "clusters" ? " WHERE status <> 'none'" : ""}`).get()) as { n: number }).n;
    const contract = (name: keyof NonNullable<typeof record>["contracts"]) => record?.contracts[name]?.address.toLowerCase() ?? null;
    const chainId = record?.chainId ?? (await getMeta(db, "chain_id"));
    const { reachable, problem } = chainHealth(deps);
    const body = {
      chainId: chainId === undefined ? null : Number(chainId),
      genesisHash: genesisHash ?? (await getMeta(db, "genesis_hash")) ?? null,
      headBlock,
      indexedBlock,
      headTime: headTime === null ? null : isoFromUnix(headTime),
      explorerUrl: deps.config.explorerUrl,
      lagBlocks: headBlock !== null && indexedBlock !== null ? Math.max(headBlock - indexedBlock, 0) : null,
      chain: {
        reachable,
        lastContactAt: chain.lastContactAt === null ? null : isoFromUnix(Math.floor(chain.lastContactAt / 1000)),
        problem,
      },
      indexer: phase,
      contracts: {
        ServiceCatalog: contract("ServiceCatalog"),
        ClusterRegistry: contract("ClusterRegistry"),
        ClusterFactory: contract("ClusterFactory"),
        MembershipImpl: contract("MembershipImpl"),
        NodeRegistry: contract("NodeRegistry"),
      },
      clusterCount: await count("clusters"),
      serviceCount: await count("services"),
      maxUploadBytes: deps.config.contentStore.maxBytes,
    };
    if (reachable) return body;
    res.status(503);
    return {
      ...body,
      error: {
        code: "service_unavailable" as const,
        message: `The chain at the RPC URL is unreachable: ${problem}; the index answers as of block ${indexedBlock ?? "none"}`,
      },
    };
  });
}
