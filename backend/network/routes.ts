import type { Router } from "express";
import type { Db } from "../db/db.js";
import type { z } from "zod";
import { defineRoute, mount, type MountDeps } from "../api/route.js";
import { isCdc } from "../api/access.js";
import { statement } from "../db/statements.js";
import { isoFromUnix } from "../query/time.js";
import { networkOverview, registeredNodes, type registeredNode } from "../../core/api/schemas/network.js";
import { desiredAllowlists, enodeUrl, OWNER_QUALIFIES } from "./desired.js";
import { nodeReports, recentActions, validatorsReport } from "../operators/permissioning/state.js";

export const networkRoute = defineRoute({
  method: "get",
  path: "/api/network",
  tag: "network",
  summary:
    "The consortium network for the CDC: registered nodes, the allowlists the chain decides, what the permissioning operator found on each node (drift, peers, head), the validators decided and in effect, and the operator's recent actions",
  response: networkOverview,
  access: "cdc",
  errors: [],
});

export const networkNodesRoute = defineRoute({
  method: "get",
  path: "/api/network/nodes",
  tag: "network",
  summary: "Nodes registered in the node registry, with whether the network admits each",
  response: registeredNodes,
  access: "signedIn",
  audience: "The CDC sees every node; anyone else the nodes they registered.",
  errors: [],
});

const RECENT_ACTIONS = 100;

type RegisteredNode = z.input<typeof registeredNode>;

async function registered(db: Db, owner: string | null): Promise<RegisteredNode[]> {
  const rows = (await statement(
    db,
    `SELECT n.*, c.name AS cluster_name, m.name AS owner_name, (n.status = 'approved' AND ${OWNER_QUALIFIES}) AS allowed
     FROM network_nodes n
     LEFT JOIN clusters c ON c.id = n.cluster_id
     LEFT JOIN members m ON m.cluster_id = n.cluster_id AND m.address = n.owner
     ${owner ? "WHERE n.owner = ?" : ""}
     ORDER BY n.registered_block DESC, n.node`,
  ).all(...(owner ? [owner] : []))) as {
    node: string;
    owner: string;
    owner_name: string | null;
    cluster_id: number;
    cluster_name: string | null;
    public_key: string;
    host: string;
    port: number;
    status: RegisteredNode["status"];
    removal: RegisteredNode["removal"];
    reason: string | null;
    allowed: number;
    registered_at: number;
    registered_block: number;
  }[];
  return rows.map((r) => ({
    node: r.node,
    owner: r.owner,
    ownerName: r.cluster_id === 0 ? "CDC" : r.owner_name,
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    enode: enodeUrl(r.public_key, r.host, r.port),
    host: r.host,
    port: r.port,
    status: r.status,
    removal: r.removal,
    reason: r.reason,
    allowed: r.allowed === 1,
    registeredAt: isoFromUnix(r.registered_at),
    registeredBlock: r.registered_block,
  }));
}

export function mountNetwork(router: Router, deps: MountDeps): void {
  const { db, indexer } = deps;
  mount(router, deps, networkNodesRoute, async ({ caller }) => ({ items: await registered(db, (await isCdc(deps, caller)) ? null : caller) }));
  mount(router, deps, networkRoute, async () => {
    const { headBlock, indexedBlock, record } = indexer.state;
    const validators = await validatorsReport(db);
    const iso = (s: number | null) => (s === null ? null : isoFromUnix(s));
    return {
      registry: record?.contracts.NodeRegistry?.address.toLowerCase() ?? null,
      head: headBlock,
      indexedBlock,
      lagBlocks: headBlock !== null && indexedBlock !== null ? Math.max(headBlock - indexedBlock, 0) : null,
      desired: await desiredAllowlists(db),
      nodes: (await nodeReports(db)).map((r) => ({
        ...r,
        downSince: iso(r.downSince),
        checkedAt: isoFromUnix(r.checkedAt),
        lastDrift: r.lastDrift ? { ...r.lastDrift, at: isoFromUnix(r.lastDrift.at) } : null,
      })),
      validators: validators ? { ...validators, checkedAt: isoFromUnix(validators.checkedAt) } : null,
      registered: await registered(db, null),
      grantedAccounts: ((await statement(db, "SELECT account FROM network_accounts ORDER BY account").all()) as { account: string }[]).map((r) => r.account),
      actions: (await recentActions(db, RECENT_ACTIONS)).map((a) => ({ ...a, at: isoFromUnix(a.at) })),
    };
  });
}
