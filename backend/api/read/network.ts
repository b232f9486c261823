import type { DatabaseSync } from "node:sqlite";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { network, networkNode } from "../schemas/clusters.js";

type Network = z.input<typeof network>;
type NetworkNode = z.input<typeof networkNode>;

/** The cluster's graph: members and partners as nodes by id, active links only. */
export function clusterNetwork(db: DatabaseSync, clusterId: number): Network {
  const members = statement(db, "SELECT node_id, name, kind, role, address FROM members WHERE cluster_id = ?").all(
    clusterId,
  ) as { node_id: number; name: string; kind: NonNullable<NetworkNode["kind"]>; role: string; address: string }[];
  const partners = statement(db, "SELECT node_id, name FROM partners WHERE cluster_id = ?").all(clusterId) as {
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
  const links = statement(
    db,
    "SELECT link_id, from_node, to_node, kind, cluster_activity FROM links WHERE cluster_id = ? AND active = 1 ORDER BY link_id",
  ).all(clusterId) as {
    link_id: number;
    from_node: number;
    to_node: number;
    kind: Network["links"][number]["kind"];
    cluster_activity: number;
  }[];
  return {
    clusterId,
    nodes,
    links: links.map((l) => ({
      id: l.link_id,
      from: l.from_node,
      to: l.to_node,
      kind: l.kind,
      clusterActivity: l.cluster_activity === 1,
    })),
  };
}
