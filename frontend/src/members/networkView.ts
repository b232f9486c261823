import { MEMBER_KINDS } from "../../../core/chain/enums.js";
import type { FlowKindName, MemberKindName, NetworkLink } from "../api/types.js";
import { NODE_RADIUS, routeLinks, type NetworkLayout, type PlacedNode, type Point, type RoutedLink } from "./networkLayout.js";

// What the reader chose to see of a laid-out network: member kinds collapsed into one node
// each, and the links drawn in bulk once there are too many for one element apiece. Pure
// functions of the layout, so a choice never moves the nodes that stay.

export interface DrawnNode extends PlacedNode {
  /** An aggregate of a collapsed member kind: how many members it stands for. */
  members?: number;
}

export interface DrawnLink extends RoutedLink {
  /** How many of the network's links this one stands for (more than one only at an aggregate). */
  count: number;
}

export interface NetworkView {
  nodes: DrawnNode[];
  links: DrawnLink[];
}

export const MEMBER_KIND_PLURAL: Record<MemberKindName, string> = {
  enterprise: "Enterprises",
  rndCentre: "R&D centres",
  university: "Universities",
  serviceProvider: "Service providers",
  other: "Other members",
};

/** Aggregates take ids below every link and agreement id's range: -1 … -5, one per kind. */
export const groupNodeId = (kind: MemberKindName) => -1 - MEMBER_KINDS.indexOf(kind);

/**
 * The layout with each kind in `collapsed` drawn as one node at its members' centre, larger the
 * more members it holds. Links inside a collapsed kind disappear; the others that touch it are
 * merged per end, flow kind and cluster activity, keeping a count.
 */
export function collapseKinds(layout: NetworkLayout, collapsed: ReadonlySet<MemberKindName>): NetworkView {
  if (collapsed.size === 0) return { nodes: layout.nodes, links: layout.links.map((l) => ({ ...l, count: 1 })) };
  const groupOf = new Map<number, number>();
  const sums = new Map<MemberKindName, { x: number; y: number; n: number }>();
  const nodes: DrawnNode[] = [];
  for (const n of layout.nodes) {
    if (n.type !== "member" || n.kind === undefined || !collapsed.has(n.kind)) {
      nodes.push(n);
      continue;
    }
    groupOf.set(n.id, groupNodeId(n.kind));
    const sum = sums.get(n.kind) ?? { x: 0, y: 0, n: 0 };
    sums.set(n.kind, { x: sum.x + n.x, y: sum.y + n.y, n: sum.n + 1 });
  }
  for (const [kind, sum] of sums) {
    const label = `${MEMBER_KIND_PLURAL[kind]} (${sum.n})`;
    nodes.push({
      id: groupNodeId(kind),
      type: "member",
      kind,
      label,
      ring: "participant",
      x: sum.x / sum.n,
      y: sum.y / sum.n,
      radius: NODE_RADIUS * Math.min(3, Math.max(1.4, Math.sqrt(sum.n) / 4)),
      labelLines: [label],
      labelSide: "below",
      members: sum.n,
    });
  }

  const kept: DrawnLink[] = [];
  const merged = new Map<string, NetworkLink & { count: number }>();
  let nextId = Math.min(0, ...layout.links.map((l) => l.id), ...nodes.map((n) => n.id)) - 1;
  for (const l of layout.links) {
    const from = groupOf.get(l.from) ?? l.from;
    const to = groupOf.get(l.to) ?? l.to;
    if (from === l.from && to === l.to) {
      kept.push({ ...l, count: 1 });
      continue;
    }
    if (from === to) continue;
    const key = `${from}>${to}:${l.kind}:${l.clusterActivity}`;
    const same = merged.get(key);
    if (same) same.count++;
    else merged.set(key, { id: nextId--, from, to, kind: l.kind, clusterActivity: l.clusterActivity, count: 1 });
  }
  const positions = new Map(nodes.map((n) => [n.id, n]));
  return { nodes, links: [...kept, ...routeLinks([...merged.values()], positions)] };
}

/** How a node is found by a person: its name (any part, any case), `#id`, or its address (a prefix). */
export function findNodes(nodes: readonly PlacedNode[], query: string): PlacedNode[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const id = /^#?(\d+)$/.exec(q);
  if (id) return nodes.filter((n) => n.id === Number(id[1]));
  if (/^0x[0-9a-f]*$/.test(q)) return nodes.filter((n) => n.address?.toLowerCase().startsWith(q));
  const rank = (n: PlacedNode) => {
    const label = n.label.toLowerCase();
    return label === q ? 0 : label.startsWith(q) ? 1 : label.includes(q) ? 2 : 3;
  };
  return nodes
    .map((n) => ({ n, r: rank(n) }))
    .filter((m) => m.r < 3)
    .sort((a, b) => a.r - b.r || a.n.id - b.n.id)
    .map((m) => m.n);
}

export interface LinkBatch {
  kind: FlowKindName;
  clusterActivity: boolean;
  /** Every link of the batch in one path's data. */
  path: string;
  /** Their arrowheads, in the kind's shape, in one path's data. */
  arrows: string;
  count: number;
}

const ARROW_SIZE = 9;

/**
 * The kind's arrowhead as geometry at `tip`, pointing along `heading`: markers would need one
 * element per link, and a marker on a path of many subpaths is drawn at its last end only.
 */
function arrowhead(kind: FlowKindName, tip: Point, heading: number): string {
  const along = (d: number, across: number) => {
    const x = tip.x - Math.cos(heading) * d - Math.sin(heading) * across;
    const y = tip.y - Math.sin(heading) * d + Math.cos(heading) * across;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  };
  const s = ARROW_SIZE;
  switch (kind) {
    case "material":
      return `M${along(0, 0)}L${along(s, s / 2)}L${along(s, -s / 2)}Z`;
    case "intellectual":
      return `M${along(s, s / 2)}L${along(0, 0)}L${along(s, -s / 2)}`;
    case "service":
      return `M${along(0, 0)}L${along(s / 2, s / 2.4)}L${along(s, 0)}L${along(s / 2, -s / 2.4)}Z`;
  }
}

/** The links grouped by flow kind and cluster activity: six elements at most, whatever the count. */
export function batchLinks(links: readonly DrawnLink[]): LinkBatch[] {
  const batches = new Map<string, { kind: FlowKindName; clusterActivity: boolean; paths: string[]; arrows: string[]; count: number }>();
  for (const l of links) {
    const key = `${l.kind}:${l.clusterActivity}`;
    let batch = batches.get(key);
    if (!batch) batches.set(key, (batch = { kind: l.kind, clusterActivity: l.clusterActivity, paths: [], arrows: [], count: 0 }));
    batch.paths.push(l.path);
    batch.arrows.push(arrowhead(l.kind, l.tip, l.heading));
    batch.count += l.count;
  }
  return [...batches.values()].map((b) => ({
    kind: b.kind,
    clusterActivity: b.clusterActivity,
    path: b.paths.join(""),
    arrows: b.arrows.join(""),
    count: b.count,
  }));
}
