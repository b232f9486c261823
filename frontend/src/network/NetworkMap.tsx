import { useMemo } from "react";
import type { NetworkNodeReport } from "../api/types.js";
import { enodeKey } from "./enode.js";

// The managed Besu nodes on a circle, validators filled, a line for each peer connection a node
// reports (matched by the public key of its enode). The viewBox scales to the width it is given,
// so the drawing stays whole on a phone; the tables below carry the same facts as text.

// Labels go above the nodes of the upper half and below the others, never beside: the drawing
// needs no room for them left and right, so on a 390 px phone it keeps close to its own scale.
const WIDTH = 380;
const HEIGHT = 340;
const RING = 115;
const NODE_RADIUS = 18;
const LABEL_GAP = 16;
/** Longer names are cut (the whole name is in the node's tooltip and the tables). */
const LABEL_CHARS = 16;

interface Placed {
  report: NetworkNodeReport;
  index: number;
  x: number;
  y: number;
  sin: number;
  externalPeers: number;
}

interface Edge {
  key: string;
  a: Placed;
  b: Placed;
  /** Both ends report the other as a peer. */
  mutual: boolean;
}

export function layoutMap(reports: NetworkNodeReport[]): { nodes: Placed[]; edges: Edge[] } {
  const cx = WIDTH / 2;
  const cy = HEIGHT / 2;
  const nodes: Placed[] = reports.map((report, index) => {
    // The first node at the top, the rest clockwise; a single node sits in the middle.
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / Math.max(reports.length, 1);
    const r = reports.length === 1 ? 0 : RING;
    const sin = reports.length === 1 ? 1 : Math.sin(angle);
    return { report, index, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle), sin, externalPeers: 0 };
  });
  const byKey = new Map<string, Placed>();
  for (const n of nodes) {
    const key = n.report.enode ? enodeKey(n.report.enode) : undefined;
    if (key) byKey.set(key, n);
  }
  const edges = new Map<string, Edge>();
  for (const n of nodes) {
    for (const peer of n.report.peers ?? []) {
      const key = enodeKey(peer.enode);
      const other = key ? byKey.get(key) : undefined;
      if (!other) {
        n.externalPeers++;
        continue;
      }
      if (other === n) continue;
      const [a, b] = n.index < other.index ? [n, other] : [other, n];
      const id = `${a.index}-${b.index}`;
      const seen = edges.get(id);
      if (seen) seen.mutual = true;
      else edges.set(id, { key: id, a, b, mutual: false });
    }
  }
  return { nodes, edges: [...edges.values()] };
}

const shortName = (name: string) => (name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name);

function nodeTitle(n: Placed): string {
  const r = n.report;
  const lines = [`${n.index + 1}. ${r.name}${r.validator ? " (validator)" : ""}`, r.url];
  if (!r.reachable) lines.push(`Unreachable${r.problem ? `: ${r.problem}` : ""}`);
  else {
    lines.push(`Head block ${r.blockNumber ?? "—"} · ${r.peers?.length ?? 0} peers`);
    if (n.externalPeers > 0) lines.push(`${n.externalPeers} of them outside the managed nodes`);
  }
  lines.push(r.inSync ? "Allowlists in sync" : "Allowlists out of sync");
  return lines.join("\n");
}

const LEGEND = [
  ["validator", "Validator"],
  ["member", "Other node"],
  ["down", "Unreachable"],
  ["drift", "Allowlists out of sync"],
] as const;

export function NetworkMap({ reports }: { reports: NetworkNodeReport[] }) {
  const { nodes, edges } = useMemo(() => layoutMap(reports), [reports]);
  const validators = reports.filter((r) => r.validator).length;
  const down = reports.filter((r) => !r.reachable).length;
  const drifting = reports.filter((r) => r.reachable && !r.inSync).length;
  const label =
    `The Besu network: ${reports.length} managed node${reports.length === 1 ? "" : "s"} (${validators} validator${validators === 1 ? "" : "s"}), ` +
    `${edges.length} peer connection${edges.length === 1 ? "" : "s"} among them; ${down} unreachable, ${drifting} out of sync. ` +
    "The validators and nodes tables below list the same facts.";

  return (
    <figure className="netmap-figure">
      <svg className="netmap" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={label} data-testid="network-map">
        <g className="netmap-edges">
          {edges.map((e) => (
            <line
              key={e.key}
              className={`netmap-edge ${e.mutual ? "" : "one-way"} ${!e.a.report.reachable || !e.b.report.reachable ? "down" : ""}`}
              x1={e.a.x}
              y1={e.a.y}
              x2={e.b.x}
              y2={e.b.y}
              data-edge={`${e.a.report.name}|${e.b.report.name}`}
            >
              <title>{`${e.a.report.name} ↔ ${e.b.report.name}${e.mutual ? "" : " (reported by one side only)"}`}</title>
            </line>
          ))}
        </g>
        {nodes.map((n) => {
          const r = n.report;
          const above = n.sin < -0.2;
          const lx = n.x;
          const ly = above ? n.y - NODE_RADIUS - LABEL_GAP + 8 : n.y + NODE_RADIUS + LABEL_GAP;
          const classes = ["netmap-node", r.validator ? "validator" : "member", r.reachable ? "" : "down", r.reachable && !r.inSync ? "drift" : ""];
          return (
            <g
              key={`${n.index}-${r.name}`}
              className={classes.filter(Boolean).join(" ")}
              data-node-name={r.name}
              data-validator={String(r.validator)}
              data-reachable={String(r.reachable)}
              data-in-sync={String(r.inSync)}
              tabIndex={0}
            >
              <title>{nodeTitle(n)}</title>
              {r.reachable && !r.inSync && <circle className="netmap-drift-ring" cx={n.x} cy={n.y} r={NODE_RADIUS + 5} />}
              <circle className="netmap-shape" cx={n.x} cy={n.y} r={NODE_RADIUS} />
              <text className="netmap-id" x={n.x} y={n.y} textAnchor="middle" dy="0.35em">
                {r.validator ? "V" : n.index + 1}
              </text>
              <text className="netmap-label" x={lx} y={ly} textAnchor="middle">
                {shortName(r.name)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend" aria-label="Legend">
          {LEGEND.map(([kind, label]) => (
            <li key={kind}>
              <svg width="22" height="22" aria-hidden="true">
                <circle cx="11" cy="11" r="9" className={`netmap-legend ${kind}`} />
              </svg>
              {label}
            </li>
          ))}
          <li>
            <svg width="46" height="14" aria-hidden="true">
              <line x1="2" y1="7" x2="44" y2="7" className="netmap-edge" />
            </svg>
            Peers
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
