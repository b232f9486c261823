import type { Router } from "express";
import { statement } from "../../db/statements.js";
import { getMeta } from "../../db/meta.js";
import type { ApiDeps } from "../deps.js";
import { defineRoute, mount } from "../route.js";
import { platformStatus } from "../schemas/status.js";

export const statusRoute = defineRoute({
  method: "get",
  path: "/api/status",
  tag: "platform",
  summary: "Chain, deployment and indexer progress",
  response: platformStatus,
  errors: [],
});

export function mountStatus(router: Router, { db, indexer }: ApiDeps): void {
  mount(router, statusRoute, () => {
    const { record, headBlock, indexedBlock, phase, genesisHash } = indexer.state;
    const count = (table: "clusters" | "services") =>
      (statement(db, `SELECT COUNT(*) AS n FROM ${table}${table === "clusters" ? " WHERE status <> 'none'" : ""}`).get() as { n: number }).n;
    const contract = (name: "ServiceCatalog" | "ClusterRegistry" | "ClusterFactory" | "MembershipImpl") =>
      record ? record.contracts[name].address.toLowerCase() : null;
    const chainId = record?.chainId ?? getMeta(db, "chain_id");
    return {
      chainId: chainId === undefined ? null : Number(chainId),
      genesisHash: genesisHash ?? getMeta(db, "genesis_hash") ?? null,
      headBlock,
      indexedBlock,
      indexer: phase,
      contracts: {
        ServiceCatalog: contract("ServiceCatalog"),
        ClusterRegistry: contract("ClusterRegistry"),
        ClusterFactory: contract("ClusterFactory"),
        MembershipImpl: contract("MembershipImpl"),
      },
      clusterCount: count("clusters"),
      serviceCount: count("services"),
    };
  });
}
