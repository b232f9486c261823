import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { network, networkNode } from "../../../core/api/schemas/clusters.js";

type Network = z.input<typeof network>;
type NetworkNode = z.input<typeof networkNode>;

/** The cluster's graph: members and partners as nodes by id, active links only. */
export async function clusterNetwork(db: Db, clusterId: number): Promise<Network> {
  const members = (await statement(db, "SELECT node_id, name, kind, role, address FROM members WHERE cluster_id = ?").all(clusterId)) as {
    node_id: number;
    name: string;
    kind: NonNullable<NetworkNode["kind"]>;
    role: string;
    address: string;
  }[];
  const partners = (await statement(db, "SELECT node_id, name FROM partners WHERE cluster_id = ?").all(clusterId)) as {
    node_id: number;
    name: string;
  }[];
  const nodes: NetworkNode[] = [
    ...members.map((m): NetworkNode => ({
      id: m.node_id,
      type: "member",
      label: m.name,
      kind: m.kind,
      ...(m.role === "participant" || m.role === "core" ? { role: m.role } : {}),
      address: m.address,
    })),
    ...partners.map((p): NetworkNode => ({ id: p.node_id, type: "partner", label: p.name })),
  ].sort((a, b) => a.id - b.id);
  const links = (await statement(
    db,
    "SELECT link_id, from_node, to_node, kind, cluster_activity FROM links WHERE cluster_id = ? AND active = 1 ORDER BY link_id",
  ).all(clusterId)) as {
    link_id: number;
    from_node: number;
    to_node: number;
    kind: Network["links"][number]["kind"];
    cluster_activity: number;
  }[];
  // Active agreements link their parties too (deliverer -> payer), by the parties' node ids.
  const agreementLinks = (await statement(
    db,
    `SELECT l.link_id, l.agreement_id, f.node_id AS from_node, t.node_id AS to_node, l.kind
     FROM agreement_links l
     JOIN members f ON f.cluster_id = l.cluster_id AND f.address = l.from_address
     JOIN members t ON t.cluster_id = l.cluster_id AND t.address = l.to_address
     WHERE l.cluster_id = ? ORDER BY l.link_id`,
  ).all(clusterId)) as {
    link_id: number;
    agreement_id: number;
    from_node: number;
    to_node: number;
    kind: Network["links"][number]["kind"];
  }[];
  return {
    clusterId,
    nodes,
    links: [
      ...links.map((l) => ({
        id: l.link_id,
        from: l.from_node,
        to: l.to_node,
        kind: l.kind,
        clusterActivity: l.cluster_activity === 1,
      })),
      ...agreementLinks.map((l) => ({
        id: -l.link_id,
        from: l.from_node,
        to: l.to_node,
        kind: l.kind,
        clusterActivity: true,
        source: "agreement" as const,
        agreementId: l.agreement_id,
      })),
    ],
  };
}
