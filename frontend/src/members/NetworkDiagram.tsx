import { useMemo, useState } from "react";
import type { ClusterNetwork, FlowKindName } from "../api/types.js";
import { FLOW_KIND_LABEL, MEMBER_KIND_LABEL, ROLE_LABEL } from "../ui/labels.js";
import { FLOW_COLOUR, FLOW_KINDS, NON_CLUSTER_DASH } from "./flowStyle.js";
import { LABEL_LINE_HEIGHT, labelBox, layoutNetwork, type PlacedNode } from "./networkLayout.js";

/** Arrowheads per flow kind: a solid triangle, an open chevron, a diamond. */
export function ArrowMarkers({ idPrefix }: { idPrefix: string }) {
  return (
    <defs>
      {FLOW_KINDS.map((kind) => (
        <marker
          key={kind}
          id={`${idPrefix}-${kind}`}
          viewBox="0 0 12 12"
          refX="11"
          refY="6"
          markerWidth="11"
          markerHeight="11"
          markerUnits="userSpaceOnUse"
          orient="auto-start-reverse"
        >
          {kind === "material" && <path d="M0,0 L12,6 L0,12 z" fill={FLOW_COLOUR[kind]} />}
          {kind === "intellectual" && <path d="M1,1 L11,6 L1,11" fill="none" stroke={FLOW_COLOUR[kind]} strokeWidth="2" strokeLinejoin="round" />}
          {kind === "service" && <path d="M0,6 L6,1 L12,6 L6,11 z" fill={FLOW_COLOUR[kind]} />}
        </marker>
      ))}
    </defs>
  );
}

function nodeTitle(n: PlacedNode): string {
  const lines = [`#${n.id} ${n.label}`];
  if (n.type === "partner") lines.push("External partner (outside the cluster)");
  else {
    if (n.role) lines.push(ROLE_LABEL[n.role] + (n.role === "core" ? " (system-forming member)" : ""));
    if (n.kind) lines.push(MEMBER_KIND_LABEL[n.kind]);
    if (n.address) lines.push(n.address);
  }
  return lines.join("\n");
}

/** The ends of the link being drawn in the editor, marked on the drawing. */
interface PickedEnds {
  from?: number;
  to?: number;
}

/**
 * The cluster network drawn like figure 1 of the concept: fitted to its frame, or at `scale`
 * times its natural size (the frame scrolls), for reading it on a phone. With `onPick`, a click
 * (or Enter) on a node chooses it as an end of the link being drawn.
 */
export function NetworkDiagram({
  network,
  scale,
  onPick,
  picked = {},
}: {
  network: ClusterNetwork;
  scale?: number;
  onPick?: (nodeId: number) => void;
  picked?: PickedEnds;
}) {
  const layout = useMemo(() => layoutNetwork(network), [network]);
  const [focus, setFocus] = useState<number>();
  const idPrefix = `arrow-${network.clusterId}`;
  const touches = (from: number, to: number) => focus === undefined || from === focus || to === focus;
  const linked = useMemo(() => {
    if (focus === undefined) return undefined;
    const set = new Set([focus]);
    for (const l of network.links) if (l.from === focus || l.to === focus) set.add(l.from).add(l.to);
    return set;
  }, [focus, network.links]);

  return (
    <svg
      className="network"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={scale === undefined ? "100%" : layout.width * scale}
      height={scale === undefined ? undefined : layout.height * scale}
      style={scale === undefined ? { maxHeight: Math.max(420, layout.height) } : { minWidth: 0 }}
      role="img"
      aria-label={`Network of cluster ${network.clusterId}: ${network.nodes.length} nodes, ${network.links.length} links`}
      data-testid="network-diagram"
    >
      <ArrowMarkers idPrefix={idPrefix} />
      {layout.boundary && (
        <g data-testid="cluster-boundary">
          <ellipse className="boundary" cx={layout.boundary.cx} cy={layout.boundary.cy} rx={layout.boundary.rx} ry={layout.boundary.ry} />
          <text className="contour-label" x={layout.boundary.cx} y={layout.boundary.cy - layout.boundary.ry - 8} textAnchor="middle">
            Cluster boundary
          </text>
        </g>
      )}
      {layout.core && (
        <g data-testid="core-contour">
          <ellipse className="core-contour" cx={layout.core.cx} cy={layout.core.cy} rx={layout.core.rx} ry={layout.core.ry} />
          <text className="contour-label core" x={layout.core.cx} y={layout.core.cy + layout.core.ry - 10} textAnchor="middle">
            Core
          </text>
        </g>
      )}
      <g className="links">
        {layout.links.map((l) => (
          <path
            key={l.id}
            className={`link ${l.clusterActivity ? "" : "dashed"} ${touches(l.from, l.to) ? "" : "faded"}`}
            d={l.path}
            stroke={FLOW_COLOUR[l.kind]}
            strokeDasharray={l.clusterActivity ? undefined : NON_CLUSTER_DASH}
            markerEnd={`url(#${idPrefix}-${l.kind})`}
            data-link-id={l.id}
            data-kind={l.kind}
            data-cluster-activity={String(l.clusterActivity)}
          >
            <title>{`#${l.from} → #${l.to}: ${FLOW_KIND_LABEL[l.kind]}${l.clusterActivity ? "" : " (not cluster activity)"}${l.agreementId === undefined ? "" : `, agreement #${l.agreementId}`}`}</title>
          </path>
        ))}
      </g>
      <g className="nodes">
        {layout.nodes.map((n) => {
          const box = labelBox(n);
          const anchor = n.labelSide === "left" ? "end" : n.labelSide === "right" ? "start" : "middle";
          const labelX = n.labelSide === "left" ? box.x1 : n.labelSide === "right" ? box.x0 : 0;
          const end = picked.from === n.id ? "from" : picked.to === n.id ? "to" : undefined;
          return (
            <g
              key={n.id}
              className={`node node-${n.ring} ${linked && !linked.has(n.id) ? "faded" : ""} ${onPick ? "pickable" : ""} ${end ? `picked picked-${end}` : ""}`}
              transform={`translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`}
              data-node-id={n.id}
              data-node-type={n.type}
              data-role={n.role ?? "partner"}
              tabIndex={0}
              onMouseEnter={() => setFocus(n.id)}
              onMouseLeave={() => setFocus(undefined)}
              onFocus={() => setFocus(n.id)}
              onBlur={() => setFocus(undefined)}
              onClick={onPick && (() => onPick(n.id))}
              onKeyDown={
                onPick &&
                ((e) => {
                  if (e.key !== "Enter" && e.key !== " ") return;
                  e.preventDefault();
                  onPick(n.id);
                })
              }
              data-picked={end}
            >
              <title>{nodeTitle(n) + (onPick ? "\nClick to choose it as an end of the new link" : "")}</title>
              {n.type === "partner" ? (
                <rect x={-n.radius} y={-n.radius} width={n.radius * 2} height={n.radius * 2} rx={6} className="node-shape" />
              ) : (
                <circle r={n.radius} className="node-shape" />
              )}
              <text className="node-id" textAnchor="middle" dy="0.35em">
                {n.id}
              </text>
              {/* Baselines sit ~10 px below each line's top at 12 px. */}
              <text className="node-label" textAnchor={anchor} data-label-side={n.labelSide}>
                {n.labelLines.map((line, i) => (
                  <tspan key={i} x={labelX} y={box.y0 + 10 + i * LABEL_LINE_HEIGHT}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}

export function NetworkLegend() {
  return (
    <ul className="legend" aria-label="Legend" data-testid="network-legend">
      {FLOW_KINDS.map((kind: FlowKindName) => (
        <li key={kind}>
          <svg width="46" height="14" aria-hidden="true">
            <ArrowMarkers idPrefix={`legend-${kind}`} />
            <line x1="2" y1="7" x2="42" y2="7" stroke={FLOW_COLOUR[kind]} strokeWidth="2" markerEnd={`url(#legend-${kind}-${kind})`} />
          </svg>
          {FLOW_KIND_LABEL[kind]}
        </li>
      ))}
      <li>
        <svg width="46" height="14" aria-hidden="true">
          <line x1="2" y1="7" x2="42" y2="7" stroke="#64748b" strokeWidth="2" strokeDasharray={NON_CLUSTER_DASH} />
        </svg>
        Not cluster activity
      </li>
      <li>
        <svg width="22" height="22" aria-hidden="true">
          <circle cx="11" cy="11" r="9" className="legend-core" />
        </svg>
        Core member
      </li>
      <li>
        <svg width="22" height="22" aria-hidden="true">
          <circle cx="11" cy="11" r="9" className="legend-participant" />
        </svg>
        Participant
      </li>
      <li>
        <svg width="22" height="22" aria-hidden="true">
          <rect x="2" y="2" width="18" height="18" rx="4" className="legend-partner" />
        </svg>
        External partner
      </li>
    </ul>
  );
}
