// Where the obligations graph puts its members, arrows and amounts: members on a circle, each
// name outside it, one arrow per debtor → creditor pair, and each amount at the first spot along
// its arrow where it covers no name, no member and no other amount. Pure, so it is tested as is.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphNode {
  id: string;
  label: string;
}

export interface GraphEdge {
  key: string;
  from: string;
  to: string;
  /** The text beside the arrow; empty for an arrow drawn without one. */
  label: string;
}

export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
  anchor: "start" | "middle" | "end";
  labelX: number;
  labelY: number;
  labelBox: Box;
}

export interface PlacedEdge extends GraphEdge {
  /** SVG path data from the debtor's circle to the creditor's (the arrowhead's tip). */
  path: string;
  /** Centre of the label, and the box it takes (null without a label). */
  labelX: number;
  labelY: number;
  labelBox: Box | null;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  viewBox: Box;
}

export const NODE_RADIUS = 16;
export const FONT_SIZE = 13;
const LABEL_PAD = 4;
/** How far the two arrows between the same pair bow apart. */
const BOW = 26;
const MARGIN = 10;

/**
 * A text's width in user units, erring wide: an average glyph of the sans-serif fonts the app
 * uses is about 0.55 em, capitals and digits a little more.
 */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  return text.length * fontSize * 0.62;
}

export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

function placeNodes(nodes: GraphNode[]): PlacedNode[] {
  // Room on the circle for every member and its name: the more members, the wider.
  const radius = Math.max(120, nodes.length * 34);
  return nodes.map((n, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const x = radius * cos;
    const y = radius * sin;
    const width = textWidth(n.label);
    const gap = NODE_RADIUS + 8;
    // Near the top or bottom a name is centred above or below its member; elsewhere it runs outwards.
    const anchor = Math.abs(cos) < 0.35 ? "middle" : cos > 0 ? "start" : "end";
    const labelX = anchor === "middle" ? x : x + (cos > 0 ? gap : -gap);
    const labelY = anchor === "middle" ? y + (sin < 0 ? -gap : gap + FONT_SIZE * 0.8) : y + FONT_SIZE * 0.35;
    const left = anchor === "middle" ? labelX - width / 2 : anchor === "start" ? labelX : labelX - width;
    return { ...n, x, y, anchor, labelX, labelY, labelBox: { x: left, y: labelY - FONT_SIZE * 0.9, width, height: FONT_SIZE * 1.2 } };
  });
}

interface Curve {
  p0: [number, number];
  c: [number, number];
  p2: [number, number];
  normal: [number, number];
}

function curveOf(from: PlacedNode, to: PlacedNode, bowed: boolean): Curve {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  // To the arrow's right: the reverse arrow of the same pair bows the other way.
  const normal: [number, number] = [-uy, ux];
  const bow = bowed ? BOW : 0;
  const p0: [number, number] = [from.x + ux * NODE_RADIUS, from.y + uy * NODE_RADIUS];
  const p2: [number, number] = [to.x - ux * (NODE_RADIUS + 2), to.y - uy * (NODE_RADIUS + 2)];
  // A quadratic curve's middle lies halfway between the chord's middle and its control point.
  const c: [number, number] = [(p0[0] + p2[0]) / 2 + normal[0] * bow * 2, (p0[1] + p2[1]) / 2 + normal[1] * bow * 2];
  return { p0, c, p2, normal };
}

function pointAt({ p0, c, p2 }: Curve, t: number): [number, number] {
  const a = (1 - t) * (1 - t);
  const b = 2 * (1 - t) * t;
  const d = t * t;
  return [a * p0[0] + b * c[0] + d * p2[0], a * p0[1] + b * c[1] + d * p2[1]];
}

const ALONG = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
const ACROSS = [0, 12, -12, 24, -24, 36, -36, 50, -50, 66, -66, 84, -84];

/** The free spot nearest `(x, y)` on a widening spiral: there always is one, however crowded the middle. */
function spiral(x: number, y: number, width: number, height: number, obstacles: Box[]): { x: number; y: number; box: Box } {
  for (let radius = 8; ; radius += 8) {
    const steps = Math.ceil((2 * Math.PI * radius) / 12);
    for (let i = 0; i < steps; i++) {
      const angle = (2 * Math.PI * i) / steps;
      const cx = x + radius * Math.cos(angle);
      const cy = y + radius * Math.sin(angle);
      const box = { x: cx - width / 2, y: cy - height / 2, width, height };
      if (!obstacles.some((o) => intersects(o, box))) return { x: cx, y: cy, box };
    }
  }
}

/** Lays the graph out; every label box is clear of every other label and every member. */
export function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): GraphLayout {
  const placed = placeNodes(nodes);
  const byId = new Map(placed.map((n) => [n.id, n]));
  const pairs = new Set(edges.map((e) => `${e.from}>${e.to}`));
  const obstacles: Box[] = [
    ...placed.map((n) => n.labelBox),
    ...placed.map((n) => ({ x: n.x - NODE_RADIUS, y: n.y - NODE_RADIUS, width: NODE_RADIUS * 2, height: NODE_RADIUS * 2 })),
  ];
  const extents: Box[] = [...obstacles];
  const out: PlacedEdge[] = [];
  for (const e of edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from || !to) continue;
    const curve = curveOf(from, to, pairs.has(`${e.to}>${e.from}`));
    const path = `M${curve.p0[0].toFixed(1)},${curve.p0[1].toFixed(1)} Q${curve.c[0].toFixed(1)},${curve.c[1].toFixed(1)} ${curve.p2[0].toFixed(1)},${curve.p2[1].toFixed(1)}`;
    extents.push(
      union([
        { x: curve.p0[0], y: curve.p0[1], width: 0, height: 0 },
        { x: curve.p2[0], y: curve.p2[1], width: 0, height: 0 },
        // The curve stays within the triangle of its three points, and reaches halfway to the control point.
        { x: (curve.p0[0] + curve.p2[0]) / 4 + curve.c[0] / 2, y: (curve.p0[1] + curve.p2[1]) / 4 + curve.c[1] / 2, width: 0, height: 0 },
      ]),
    );
    if (!e.label) {
      const [x, y] = pointAt(curve, 0.5);
      out.push({ ...e, path, labelX: x, labelY: y, labelBox: null });
      continue;
    }
    const width = textWidth(e.label) + LABEL_PAD * 2;
    const height = FONT_SIZE + LABEL_PAD * 2;
    let chosen: { x: number; y: number; box: Box } | undefined;
    search: for (const shift of ACROSS) {
      for (const t of ALONG) {
        const [px, py] = pointAt(curve, t);
        const x = px + curve.normal[0] * shift;
        const y = py + curve.normal[1] * shift;
        const box = { x: x - width / 2, y: y - height / 2, width, height };
        if (!obstacles.some((o) => intersects(o, box))) {
          chosen = { x, y, box };
          break search;
        }
      }
    }
    // Nowhere beside its arrow: the nearest free spot, however far.
    chosen ??= spiral(...pointAt(curve, 0.5), width, height, obstacles);
    obstacles.push(chosen.box);
    extents.push(chosen.box);
    out.push({ ...e, path, labelX: chosen.x, labelY: chosen.y, labelBox: chosen.box });
  }
  const bounds = union(extents.length > 0 ? extents : [{ x: 0, y: 0, width: 1, height: 1 }]);
  return {
    nodes: placed,
    edges: out,
    viewBox: { x: bounds.x - MARGIN, y: bounds.y - MARGIN, width: bounds.width + MARGIN * 2, height: bounds.height + MARGIN * 2 },
  };
}
