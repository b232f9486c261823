// The network's tables: the node registry as the chain says (derived), and what the permissioning
// operator last saw and did on each node (kept: a rebuilt index must not forget a node's drift).
import { bigint, integer, nullable, oneOf, rowNumber, table, text, type AnyTable } from "../db/table.js";
import { NODE_REMOVALS, NODE_STATUSES, withoutNone } from "../../core/chain/enums.js";

export const networkNodes = table(
  "network_nodes",
  {
    // The address of the node's public key: its validator address too.
    node: text,
    owner: text,
    // 0 for the CDC's infrastructure nodes.
    cluster_id: bigint,
    public_key: text,
    host: text,
    port: integer,
    status: oneOf(withoutNone(NODE_STATUSES)),
    removal: nullable(oneOf(NODE_REMOVALS)),
    reason: nullable(text),
    registered_block: bigint,
    registered_at: bigint,
    updated_block: bigint,
  },
  { primaryKey: ["node"], indexes: { network_nodes_owner: ["owner"], network_nodes_cluster: ["cluster_id"] } },
);

export const networkAccounts = table("network_accounts", { account: text, granted_block: bigint }, { primaryKey: ["account"] });

export const networkAdmin = table("network_admin", { registry: text, admin: text }, { primaryKey: ["registry"] });

/** One row per RPC node the operator keeps: its last pass (JSON facts) and the allowlists it last wrote. */
export const networkNodeState = table(
  "network_node_state",
  {
    name: text,
    url: text,
    // JSON: { nodes: string[], accounts: string[] } as the operator last left them, to tell drift from its own writes.
    applied: nullable(text),
    // JSON: NodeReport (backend/operators/permissioning/report.ts).
    report: text,
    checked_at: bigint,
  },
  { primaryKey: ["name"], derived: false },
);

/** What the operator did, newest last: the Network page's log and the proof of drift corrected. */
export const networkActions = table(
  "network_actions",
  {
    id: rowNumber,
    at: bigint,
    node: text,
    action: text,
    detail: text,
    outcome: oneOf(["ok", "failed"] as const),
  },
  { primaryKey: ["id"], indexes: { network_actions_node: ["node", "id"] }, derived: false },
);

export const NETWORK_TABLES: readonly AnyTable[] = [networkNodes, networkAccounts, networkAdmin, networkNodeState, networkActions];
