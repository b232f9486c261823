import { MEMBER_KINDS } from "../../../core/chain/enums.js";
import type { ClusterNetwork, NetworkLink, NetworkNode } from "../api/types.js";
import { wrapLabel } from "./wrapLabel.js";

// A deterministic, figure-1 style layout: the core on a small ring inside its contour, the
// other members on a wider ring inside the cluster boundary, and external partners on a ring
// outside it. Positions depend only on the data, so the drawing is stable between visits.

export interface Point {
  x: number;
  y: number;
}

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

export type LabelSide = "below" | "above" | "left" | "right";

export interface PlacedNode extends NetworkNode, Point {
  ring: "core" | "participant" | "partner";
  radius: number;
  /** The name in at most three short lines, put on the side of the node where no link attaches. */
  labelLines: string[];
  labelSide: LabelSide;
}

export interface RoutedLink extends NetworkLink {
  /** SVG path data from the edge of the source to the arrow tip at the target. */
  path: string;
  /** Where to put a label or hit target along the link. */
  mid: Point;
  /** Where the arrow ends, and the direction it arrives from (radians): for arrowheads drawn as geometry. */
  tip: Point;
  heading: number;
}

export interface NetworkLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  links: RoutedLink[];
  core: Ellipse | undefined;
  boundary: Ellipse | undefined;
  /** Drawn compactly: one-line labels, shown only when zoomed in (see layoutLargeNetwork). */
  compact: boolean;
}

export const NODE_RADIUS = 19;
const X_STRETCH = 1.5; // the page is wider than tall; labels need horizontal room
const CORE_SPACING = 120;
const RING_SPACING = 150;
const MARGIN = 70;
const TAU = Math.PI * 2;

function circularMean(angles: number[]): number | undefined {
  if (angles.length === 0) return undefined;
  const x = angles.reduce((s, a) => s + Math.cos(a), 0);
  const y = angles.reduce((s, a) => s + Math.sin(a), 0);
  if (Math.hypot(x, y) < 1e-9) return angles[0];
  return Math.atan2(y, x);
}

function angularDistance(a: number, b: number): number {
  const d = Math.abs(((a - b) % TAU) + TAU) % TAU;
  return Math.min(d, TAU - d);
}

function neighbours(links: NetworkLink[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  const add = (a: number, b: number) => {
    const list = map.get(a);
    if (list) list.push(b);
    else map.set(a, [b]);
  };
  for (const l of links) {
    add(l.from, l.to);
    add(l.to, l.from);
  }
  return map;
}

/**
 * Places `items` evenly on a ring, in the order of their preferred angles, rotated so the
 * slots sit as close to those preferences as possible (a cheap crossing reduction).
 */
function placeOnRing(items: { id: number; preferred: number | undefined }[], start: number): Map<number, number> {
  const result = new Map<number, number>();
  const n = items.length;
  if (n === 0) return result;
  const withPreference = items.filter((i) => i.preferred !== undefined);
  if (withPreference.length === 0) {
    items.forEach((item, i) => result.set(item.id, start + (TAU * i) / n));
    return result;
  }
  // Items without a preference keep their id order between the preferred ones.
  let last = withPreference[0].preferred!;
  const keyed = items.map((item) => {
    if (item.preferred !== undefined) last = item.preferred;
    return { ...item, key: item.preferred ?? last + 1e-3 };
  });
  const norm = (a: number) => ((a % TAU) + TAU) % TAU;
  keyed.sort((a, b) => norm(a.key) - norm(b.key) || a.id - b.id);
  let best = { cost: Infinity, offset: 0 };
  const candidates = 120;
  for (let c = 0; c < candidates; c++) {
    const offset = (TAU * c) / candidates;
    const cost = keyed.reduce((sum, item, i) => {
      if (item.preferred === undefined) return sum;
      const d = angularDistance(offset + (TAU * i) / n, item.preferred);
      return sum + d * d;
    }, 0);
    if (cost < best.cost - 1e-9) best = { cost, offset };
  }
  keyed.forEach((item, i) => result.set(item.id, best.offset + (TAU * i) / n));
  return result;
}

/** Spreads partner angles apart so neighbouring partners never sit on each other. */
function separate(angles: Map<number, number>, minGap: number): Map<number, number> {
  const entries = [...angles.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  for (let pass = 0; pass < 20; pass++) {
    let moved = false;
    for (let i = 1; i < entries.length; i++) {
      const gap = entries[i][1] - entries[i - 1][1];
      if (gap < minGap) {
        const push = (minGap - gap) / 2;
        entries[i - 1][1] -= push;
        entries[i][1] += push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return new Map(entries);
}

/** Above this many nodes the figure-1 rings grow too wide to read, so the compact layout takes over. */
export const LARGE_NETWORK = 150;

export function layoutNetwork(network: ClusterNetwork): NetworkLayout {
  return network.nodes.length > LARGE_NETWORK ? layoutLargeNetwork(network) : layoutRings(network);
}

function layoutRings(network: ClusterNetwork): NetworkLayout {
  const byId = (a: NetworkNode, b: NetworkNode) => a.id - b.id;
  const core = network.nodes.filter((n) => n.type === "member" && n.role === "core").sort(byId);
  const participants = network.nodes.filter((n) => n.type === "member" && n.role !== "core").sort(byId);
  const partners = network.nodes.filter((n) => n.type === "partner").sort(byId);
  const near = neighbours(network.links);
  const angle = new Map<number, number>();
  const radiusOf = new Map<number, number>();

  // Core ring, starting at the top.
  const coreRadius = core.length <= 1 ? 0 : Math.max(70, (core.length * CORE_SPACING) / TAU / 1.2);
  core.forEach((n, i) => {
    angle.set(n.id, -Math.PI / 2 + (TAU * i) / Math.max(core.length, 1));
    radiusOf.set(n.id, coreRadius);
  });
  const coreEllipse = core.length === 0 ? undefined : { cx: 0, cy: 0, rx: coreRadius * X_STRETCH + 95, ry: coreRadius + 62 };

  // Members' ring: each member drawn towards the core nodes it works with.
  const innerEdge = coreEllipse ? coreEllipse.ry : 0;
  const participantRadius = participants.length === 0 ? 0 : Math.max(innerEdge + 105, (participants.length * RING_SPACING) / TAU / 1.15);
  const preferredFrom = (id: number) => circularMean((near.get(id) ?? []).filter((other) => angle.has(other)).map((other) => angle.get(other)!));
  const participantAngles = placeOnRing(
    participants.map((n) => ({ id: n.id, preferred: core.length > 1 ? preferredFrom(n.id) : undefined })),
    -Math.PI / 2 + Math.PI / Math.max(participants.length, 1),
  );
  for (const n of participants) {
    angle.set(n.id, participantAngles.get(n.id)!);
    radiusOf.set(n.id, participantRadius);
  }
  const memberReach = Math.max(participantRadius, coreEllipse ? coreEllipse.ry - 20 : 0);
  const boundary =
    core.length + participants.length === 0
      ? undefined
      : {
          cx: 0,
          cy: 0,
          rx: participants.length === 0 ? coreEllipse!.rx + 40 : memberReach * X_STRETCH + 60,
          ry: participants.length === 0 ? coreEllipse!.ry + 40 : memberReach + 40,
        };

  // Partners outside the boundary, beside the members they deal with.
  const partnerRadius = (boundary?.ry ?? 0) + 68;
  const partnerPreferred = new Map<number, number>();
  partners.forEach((n, i) => {
    partnerPreferred.set(n.id, preferredFrom(n.id) ?? Math.PI / 2 + (TAU * i) / partners.length);
  });
  const partnerAngles = separate(partnerPreferred, partners.length > 1 ? Math.min(0.55, TAU / partners.length) : 0);
  for (const n of partners) {
    angle.set(n.id, partnerAngles.get(n.id)!);
    radiusOf.set(n.id, partnerRadius);
  }

  const ringOf = (n: NetworkNode): PlacedNode["ring"] => (n.type === "partner" ? "partner" : n.role === "core" ? "core" : "participant");
  const placeAt = (n: NetworkNode, outer: Ellipse | undefined): PlacedNode => {
    const ring = ringOf(n);
    const a = angle.get(n.id)!;
    const r = radiusOf.get(n.id)!;
    // Partners sit a fixed gap outside the boundary ellipse, which is stretched in x.
    const x = ring === "partner" && outer ? (outer.rx + PARTNER_GAP) * Math.cos(a) : r * X_STRETCH * Math.cos(a);
    const y = ring === "partner" && outer ? (outer.ry + PARTNER_GAP) * Math.sin(a) : r * Math.sin(a);
    return { ...n, ring, radius: NODE_RADIUS, x, y, labelLines: wrapLabel(n.label, LABEL_CHARS, 3), labelSide: "below" };
  };
  const ordered = [...core, ...participants, ...partners];
  let placed = ordered.map((n) => placeAt(n, boundary));
  chooseLabelSides(placed, network.links);

  // Grow the contours until they hold their nodes' labels, then put the partners outside.
  const coreFinal =
    coreEllipse &&
    enclose(
      coreEllipse,
      placed.filter((n) => n.ring === "core"),
      10,
    );
  let boundaryFinal =
    boundary &&
    enclose(
      boundary,
      placed.filter((n) => n.ring !== "partner"),
      14,
    );
  if (boundaryFinal && coreFinal) {
    boundaryFinal = { ...boundaryFinal, rx: Math.max(boundaryFinal.rx, coreFinal.rx + 40), ry: Math.max(boundaryFinal.ry, coreFinal.ry + 40) };
  }
  placed = ordered.map((n, i) => (n.type === "partner" ? placeAt(n, boundaryFinal) : placed[i]));
  chooseLabelSides(placed, network.links);

  // Fit everything (nodes with their labels, and the contours) into the view box.
  const xs: number[] = [0];
  const ys: number[] = [0];
  for (const n of placed) {
    const box = labelBox(n);
    xs.push(n.x - n.radius, n.x + n.radius, n.x + box.x0, n.x + box.x1);
    ys.push(n.y - n.radius, n.y + n.radius, n.y + box.y0, n.y + box.y1);
  }
  for (const e of [boundaryFinal, coreFinal]) {
    if (!e) continue;
    xs.push(-e.rx, e.rx);
    ys.push(-e.ry - 22, e.ry);
  }
  const minX = Math.min(...xs) - MARGIN / 2;
  const maxX = Math.max(...xs) + MARGIN / 2;
  const minY = Math.min(...ys) - MARGIN / 2;
  const maxY = Math.max(...ys) + MARGIN / 2;
  const nodes = placed.map((n) => ({ ...n, x: n.x - minX, y: n.y - minY }));
  const shiftEllipse = (e: Ellipse | undefined) => (e ? { ...e, cx: e.cx - minX, cy: e.cy - minY } : undefined);
  const positions = new Map(nodes.map((n) => [n.id, n]));

  return {
    width: Math.round(maxX - minX),
    height: Math.round(maxY - minY),
    nodes,
    links: routeLinks(network.links, positions),
    core: shiftEllipse(coreFinal),
    boundary: shiftEllipse(boundaryFinal),
    compact: false,
  };
}

const COMPACT_SPACING = 74; // centre to centre, before the x stretch
const COMPACT_LABEL_CHARS = 16;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const kindOrder = (n: NetworkNode) => (n.kind === undefined ? MEMBER_KINDS.length : MEMBER_KINDS.indexOf(n.kind));

/**
 * Points of a sunflower (Vogel's) spiral from index `first`: they fill a disc evenly, so a
 * thousand nodes pack into a drawing a few thousand units across without a relaxation pass.
 * Sorted by angle from the top, so consecutive nodes take one wedge of the disc.
 */
function sunflower(first: number, count: number): { r: number; a: number }[] {
  const c = COMPACT_SPACING * 0.56; // π c² ≈ spacing²: one point per spacing-sized cell
  const points = Array.from({ length: count }, (_, k) => {
    const i = first + k;
    const a = (((i * GOLDEN_ANGLE + Math.PI / 2) % TAU) + TAU) % TAU;
    return { r: c * Math.sqrt(i + 0.5), a: a - Math.PI / 2 };
  });
  return points.sort((p, q) => p.a - q.a || p.r - q.r);
}

const sunflowerRadius = (index: number) => COMPACT_SPACING * 0.56 * Math.sqrt(index + 0.5);

/**
 * The layout of a big network (issue 13): the core packed in a disc at the centre, the other
 * members in a ring of wedges around it, one wedge per member kind (so a collapsed kind's
 * aggregate sits where its members were), the partners on rings outside the boundary. Linear
 * in nodes and links; labels take one line below their node and no room is made for them.
 */
function layoutLargeNetwork(network: ClusterNetwork): NetworkLayout {
  const byKind = (a: NetworkNode, b: NetworkNode) => kindOrder(a) - kindOrder(b) || a.id - b.id;
  const core = network.nodes.filter((n) => n.type === "member" && n.role === "core").sort(byKind);
  const participants = network.nodes.filter((n) => n.type === "member" && n.role !== "core").sort(byKind);
  const partners = network.nodes.filter((n) => n.type === "partner").sort((a, b) => a.id - b.id);
  const placed = new Map<number, { x: number; y: number; ring: PlacedNode["ring"] }>();
  const put = (nodes: NetworkNode[], points: { r: number; a: number }[], ring: PlacedNode["ring"]) =>
    nodes.forEach((n, i) => placed.set(n.id, { x: points[i].r * Math.cos(points[i].a) * X_STRETCH, y: points[i].r * Math.sin(points[i].a), ring }));

  put(core, sunflower(0, core.length), "core");
  const pad = NODE_RADIUS + 30;
  const coreReach = core.length === 0 ? 0 : sunflowerRadius(core.length - 1) + pad;
  const coreEllipse = core.length === 0 ? undefined : { cx: 0, cy: 0, rx: coreReach * X_STRETCH + 20, ry: coreReach };
  // The members' spiral goes on where the core's contour ends, leaving a lane between them.
  const first = core.length === 0 ? 0 : Math.ceil(((coreReach + COMPACT_SPACING) / (COMPACT_SPACING * 0.56)) ** 2);
  put(participants, sunflower(first, participants.length), "participant");
  const memberReach = participants.length === 0 ? coreReach : sunflowerRadius(first + participants.length - 1) + pad;
  const boundary = core.length + participants.length === 0 ? undefined : { cx: 0, cy: 0, rx: memberReach * X_STRETCH + 20, ry: memberReach + 20 };

  // Partners beside the members they deal with, as many rings as they need.
  const near = neighbours(network.links);
  const angleOf = (id: number) => {
    const p = placed.get(id);
    return p && Math.atan2(p.y, p.x / X_STRETCH);
  };
  const preferred = partners.map((n, i) => ({
    n,
    a: circularMean((near.get(n.id) ?? []).flatMap((o) => (placed.has(o) ? [angleOf(o)!] : []))) ?? (TAU * i) / partners.length,
  }));
  preferred.sort((p, q) => p.a - q.a || p.n.id - q.n.id);
  let ringRy = (boundary?.ry ?? 0) + PARTNER_GAP;
  for (let start = 0; start < preferred.length;) {
    const capacity = Math.max(8, Math.floor((TAU * ringRy * 1.25) / (COMPACT_SPACING * 1.6)));
    const ring = preferred.slice(start, start + capacity);
    ring.forEach(({ n }, i) => {
      const a = ring.length === 1 ? ring[0].a : ring[0].a + (TAU * i) / ring.length;
      placed.set(n.id, { x: (ringRy * X_STRETCH + 20) * Math.cos(a), y: ringRy * Math.sin(a), ring: "partner" });
    });
    start += ring.length;
    ringRy += COMPACT_SPACING;
  }

  const labelHeight = NODE_RADIUS + LABEL_GAP + LABEL_LINE_HEIGHT;
  const halfLabel = (COMPACT_LABEL_CHARS * CHAR_WIDTH) / 2;
  let [minX, maxX, minY, maxY] = [0, 0, 0, 0];
  for (const p of placed.values()) {
    minX = Math.min(minX, p.x - halfLabel);
    maxX = Math.max(maxX, p.x + halfLabel);
    minY = Math.min(minY, p.y - NODE_RADIUS);
    maxY = Math.max(maxY, p.y + labelHeight);
  }
  if (boundary) {
    minX = Math.min(minX, -boundary.rx);
    maxX = Math.max(maxX, boundary.rx);
    minY = Math.min(minY, -boundary.ry - 22);
    maxY = Math.max(maxY, boundary.ry);
  }
  [minX, maxX, minY, maxY] = [minX - MARGIN / 2, maxX + MARGIN / 2, minY - MARGIN / 2, maxY + MARGIN / 2];
  const nodes: PlacedNode[] = [...core, ...participants, ...partners].map((n) => {
    const p = placed.get(n.id)!;
    return {
      ...n,
      ring: p.ring,
      radius: NODE_RADIUS,
      x: p.x - minX,
      y: p.y - minY,
      labelLines: wrapLabel(n.label, COMPACT_LABEL_CHARS, 1),
      labelSide: "below",
    };
  });
  const shift = (e: Ellipse | undefined) => e && { ...e, cx: e.cx - minX, cy: e.cy - minY };
  return {
    width: Math.round(maxX - minX),
    height: Math.round(maxY - minY),
    nodes,
    links: routeLinks(network.links, new Map(nodes.map((n) => [n.id, n]))),
    core: shift(coreEllipse),
    boundary: shift(boundary),
    compact: true,
  };
}

const PARTNER_GAP = 70;
const LABEL_CHARS = 20;
export const LABEL_LINE_HEIGHT = 14;
const CHAR_WIDTH = 6.9; // 12 px sans-serif, on average
const LABEL_GAP = 5;

/** The label's box relative to its node's centre. */
export function labelBox(n: Pick<PlacedNode, "radius" | "labelLines" | "labelSide">): { x0: number; x1: number; y0: number; y1: number } {
  const w = Math.max(...n.labelLines.map((l) => l.length), 1) * CHAR_WIDTH;
  const h = n.labelLines.length * LABEL_LINE_HEIGHT;
  switch (n.labelSide) {
    case "below":
      return { x0: -w / 2, x1: w / 2, y0: n.radius + LABEL_GAP, y1: n.radius + LABEL_GAP + h };
    case "above":
      return { x0: -w / 2, x1: w / 2, y0: -n.radius - LABEL_GAP - h, y1: -n.radius - LABEL_GAP };
    case "right":
      return { x0: n.radius + LABEL_GAP, x1: n.radius + LABEL_GAP + w, y0: -h / 2, y1: h / 2 };
    case "left":
      return { x0: -n.radius - LABEL_GAP - w, x1: -n.radius - LABEL_GAP, y0: -h / 2, y1: h / 2 };
  }
}

const SIDE_ANGLE: Record<LabelSide, number> = { below: Math.PI / 2, above: -Math.PI / 2, right: 0, left: Math.PI };
// Below reads most naturally, above next; beside a node a label takes the most width and
// pushes the contours out.
const SIDE_BONUS: Record<LabelSide, number> = { below: 0.3, above: 0.25, right: 0, left: 0 };
const CLASH = 10;

interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Whether the segment a-b passes through the rectangle (Liang–Barsky clipping). */
function segmentHitsRect(a: Point, b: Point, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x - r.x0],
    [dx, r.x1 - a.x],
    [-dy, a.y - r.y0],
    [dy, r.y1 - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

const rectsOverlap = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Puts each label on a side of its node where no arrow runs through it and it covers no other
 * node or label, preferring below, then above, then leaning outwards from the centre.
 */
function chooseLabelSides(nodes: PlacedNode[], links: NetworkLink[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const segments = links.flatMap((l) => {
    const a = byId.get(l.from);
    const b = byId.get(l.to);
    return a && b ? [[a, b] as const] : [];
  });
  const taken: Rect[] = [];
  for (const n of nodes) {
    const outward = Math.hypot(n.x, n.y) < 1 ? Math.PI / 2 : Math.atan2(n.y, n.x);
    let best: { side: LabelSide; score: number; rect: Rect } | undefined;
    for (const side of ["below", "above", "right", "left"] as const) {
      const box = labelBox({ ...n, labelSide: side });
      const rect = { x0: n.x + box.x0, x1: n.x + box.x1, y0: n.y + box.y0, y1: n.y + box.y1 };
      let clashes = segments.filter(([a, b]) => segmentHitsRect(a, b, rect)).length;
      for (const other of nodes) {
        if (other === n) continue;
        const r = other.radius;
        if (rectsOverlap(rect, { x0: other.x - r, x1: other.x + r, y0: other.y - r, y1: other.y + r })) clashes++;
      }
      clashes += taken.filter((t) => rectsOverlap(rect, t)).length;
      const score = -CLASH * clashes + SIDE_BONUS[side] + 0.1 * Math.cos(SIDE_ANGLE[side] - outward);
      if (!best || score > best.score + 1e-9) best = { side, score, rect };
    }
    n.labelSide = best!.side;
    taken.push(best!.rect);
  }
}

/** The smallest scaling of `e` that holds every node with its label, `pad` pixels inside. */
function enclose(e: Ellipse, nodes: PlacedNode[], pad: number): Ellipse {
  let scale = 1;
  for (const n of nodes) {
    const box = labelBox(n);
    const corners: Point[] = [
      { x: n.x - n.radius - pad, y: n.y - n.radius - pad },
      { x: n.x + n.radius + pad, y: n.y + n.radius + pad },
      { x: n.x + box.x0 - pad, y: n.y + box.y0 - pad },
      { x: n.x + box.x1 + pad, y: n.y + box.y0 - pad },
      { x: n.x + box.x0 - pad, y: n.y + box.y1 + pad },
      { x: n.x + box.x1 + pad, y: n.y + box.y1 + pad },
    ];
    for (const c of corners) scale = Math.max(scale, Math.hypot((c.x - e.cx) / e.rx, (c.y - e.cy) / e.ry));
  }
  return { ...e, rx: e.rx * scale, ry: e.ry * scale };
}

const ARROW_GAP = 3;
const PARALLEL_SPACING = 30;

/** Straight arrows, bent apart when two nodes share several links (e.g. both directions). */
export function routeLinks<L extends NetworkLink>(links: L[], positions: Map<number, Point & { radius: number }>): (L & RoutedLink)[] {
  const groups = new Map<string, L[]>();
  for (const l of [...links].sort((a, b) => a.id - b.id)) {
    const key = `${Math.min(l.from, l.to)}-${Math.max(l.from, l.to)}`;
    const group = groups.get(key);
    if (group) group.push(l);
    else groups.set(key, [l]);
  }
  const routed: (L & RoutedLink)[] = [];
  for (const group of groups.values()) {
    group.forEach((l, k) => {
      const a = positions.get(l.from);
      const b = positions.get(l.to);
      if (!a || !b) return;
      // The bend is measured against the pair's canonical direction so that links of the
      // same pair fan out to distinct sides whatever their own direction.
      const [lo, hi] = l.from < l.to ? [a, b] : [b, a];
      const dx = hi.x - lo.x;
      const dy = hi.y - lo.y;
      const length = Math.hypot(dx, dy) || 1;
      const normal = { x: -dy / length, y: dx / length };
      const offset = (k - (group.length - 1) / 2) * PARALLEL_SPACING;
      const control = {
        x: (a.x + b.x) / 2 + normal.x * offset * 2,
        y: (a.y + b.y) / 2 + normal.y * offset * 2,
      };
      const toward = (from: Point, target: Point, distance: number) => {
        const vx = target.x - from.x;
        const vy = target.y - from.y;
        const d = Math.hypot(vx, vy) || 1;
        return { x: from.x + (vx / d) * distance, y: from.y + (vy / d) * distance };
      };
      const start = toward(a, control, a.radius + 2);
      const end = toward(b, control, b.radius + ARROW_GAP);
      const f = (n: number) => n.toFixed(1);
      const path =
        offset === 0
          ? `M${f(start.x)},${f(start.y)} L${f(end.x)},${f(end.y)}`
          : `M${f(start.x)},${f(start.y)} Q${f(control.x)},${f(control.y)} ${f(end.x)},${f(end.y)}`;
      const mid =
        offset === 0
          ? { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 }
          : { x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x, y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y };
      const from = offset === 0 ? start : control;
      routed.push({ ...l, path, mid, tip: end, heading: Math.atan2(end.y - from.y, end.x - from.x) });
    });
  }
  return routed;
}
