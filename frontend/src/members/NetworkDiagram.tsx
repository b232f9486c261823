import { memo, useEffect, useMemo, useState, type KeyboardEvent, type MouseEvent, type Ref, type SyntheticEvent } from "react";
import type { ClusterNetwork, FlowKindName, MemberKindName } from "../api/types.js";
import { FLOW_KIND_LABEL, MEMBER_KIND_LABEL, ROLE_LABEL } from "../ui/labels.js";
import { FLOW_COLOUR, FLOW_KINDS, NON_CLUSTER_DASH } from "./flowStyle.js";
import { LABEL_LINE_HEIGHT, labelBox, layoutNetwork, type NetworkLayout } from "./networkLayout.js";
import { batchLinks, collapseKinds, type DrawnLink, type DrawnNode, type NetworkView } from "./networkView.js";

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

/** Above this many links each is no longer an element of its own but part of its kind's path. */
export const LINKS_DRAWN_SINGLY = 400;
/** Below this scale (screen pixels per drawing unit) a compact drawing's labels are too small to read. */
export const LABEL_SCALE = 0.7;

function nodeTitle(n: DrawnNode): string {
  if (n.members !== undefined) return `${n.label}: ${MEMBER_KIND_LABEL[n.kind!]} members, collapsed\nClick to show them one by one`;
  const lines = [`#${n.id} ${n.label}`];
  if (n.type === "partner") lines.push("External partner (outside the cluster)");
  else {
    if (n.role) lines.push(ROLE_LABEL[n.role] + (n.role === "core" ? " (system-forming member)" : ""));
    if (n.kind) lines.push(MEMBER_KIND_LABEL[n.kind]);
    if (n.address) lines.push(n.address);
  }
  return lines.join("\n");
}

function linkTitle(l: DrawnLink, names: Map<number, string>): string {
  const end = (id: number) => (id < 0 ? (names.get(id) ?? "") : `#${id}`);
  const times = l.count > 1 ? ` ×${l.count}` : "";
  return `${end(l.from)} → ${end(l.to)}: ${FLOW_KIND_LABEL[l.kind]}${times}${l.clusterActivity ? "" : " (not cluster activity)"}${l.agreementId === undefined ? "" : `, agreement #${l.agreementId}`}`;
}

/** The ends of the link being drawn in the editor, marked on the drawing. */
interface PickedEnds {
  from?: number;
  to?: number;
}

const nodeIdOf = (e: SyntheticEvent): number | undefined => {
  const g = (e.target as Element).closest?.("g.node");
  return g ? Number(g.getAttribute("data-node-id")) : undefined;
};

/** Links one element each, with their own arrow markers and titles. */
function SingleLinks({ links, idPrefix, names, focus }: { links: DrawnLink[]; idPrefix: string; names: Map<number, string>; focus?: number }) {
  return (
    <>
      {links.map((l) => (
        <path
          key={l.id}
          className={`link ${l.clusterActivity ? "" : "dashed"} ${focus === undefined || l.from === focus || l.to === focus ? "" : "faded"}`}
          d={l.path}
          stroke={FLOW_COLOUR[l.kind]}
          strokeDasharray={l.clusterActivity ? undefined : NON_CLUSTER_DASH}
          markerEnd={`url(#${idPrefix}-${l.kind})`}
          data-link-id={l.id}
          data-kind={l.kind}
          data-cluster-activity={String(l.clusterActivity)}
          data-link-count={l.count > 1 ? l.count : undefined}
        >
          <title>{linkTitle(l, names)}</title>
        </path>
      ))}
    </>
  );
}

/** Many links as one path per flow kind and cluster activity, with their arrowheads as geometry. */
const BatchedLinks = memo(function BatchedLinks({ links }: { links: DrawnLink[] }) {
  const batches = useMemo(() => batchLinks(links), [links]);
  return (
    <>
      {batches.map((b) => (
        <g
          key={`${b.kind}-${b.clusterActivity}`}
          className="link-batch"
          data-kind={b.kind}
          data-cluster-activity={String(b.clusterActivity)}
          data-link-count={b.count}
        >
          <title>{`${b.count} links: ${FLOW_KIND_LABEL[b.kind]}${b.clusterActivity ? "" : " (not cluster activity)"}`}</title>
          <path
            className={`link ${b.clusterActivity ? "" : "dashed"}`}
            d={b.path}
            stroke={FLOW_COLOUR[b.kind]}
            strokeDasharray={b.clusterActivity ? undefined : NON_CLUSTER_DASH}
          />
          <path
            className="arrows"
            d={b.arrows}
            fill={b.kind === "intellectual" ? "none" : FLOW_COLOUR[b.kind]}
            stroke={b.kind === "intellectual" ? FLOW_COLOUR[b.kind] : "none"}
          />
        </g>
      ))}
    </>
  );
});

interface NodeLayerProps {
  nodes: DrawnNode[];
  /** Nodes that stay bright while one is hovered (the small drawing only). */
  linked?: Set<number>;
  pickedFrom?: number;
  pickedTo?: number;
  pickable: boolean;
  found?: number;
  /** Whether every node is a tab stop: not a thousand of them (search reaches those). */
  tabbable: boolean;
}

const NodeLayer = memo(function NodeLayer({ nodes, linked, pickedFrom, pickedTo, pickable, found, tabbable }: NodeLayerProps) {
  return (
    <>
      {nodes.map((n) => {
        const box = labelBox(n);
        const anchor = n.labelSide === "left" ? "end" : n.labelSide === "right" ? "start" : "middle";
        const labelX = n.labelSide === "left" ? box.x1 : n.labelSide === "right" ? box.x0 : 0;
        const end = pickedFrom === n.id ? "from" : pickedTo === n.id ? "to" : undefined;
        const group = n.members !== undefined;
        return (
          <g
            key={n.id}
            className={`node node-${group ? "group" : n.ring} ${linked && !linked.has(n.id) ? "faded" : ""} ${pickable || group ? "pickable" : ""} ${end ? `picked picked-${end}` : ""} ${found === n.id ? "found" : ""}`}
            transform={`translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`}
            data-node-id={n.id}
            data-node-type={group ? "group" : n.type}
            data-role={group ? undefined : (n.role ?? "partner")}
            data-kind={n.kind}
            data-member-count={n.members}
            data-found={found === n.id ? "true" : undefined}
            tabIndex={tabbable || group || found === n.id ? 0 : undefined}
            data-picked={end}
          >
            <title>{nodeTitle(n) + (pickable && !group ? "\nClick to choose it as an end of the new link" : "")}</title>
            {n.type === "partner" ? (
              <rect x={-n.radius} y={-n.radius} width={n.radius * 2} height={n.radius * 2} rx={6} className="node-shape" />
            ) : (
              <circle r={n.radius} className="node-shape" />
            )}
            <text className="node-id" textAnchor="middle" dy="0.35em">
              {group ? n.members : n.id}
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
    </>
  );
});

/**
 * The cluster network drawn like figure 1 of the concept (or, for a big one, compactly: see
 * layoutLargeNetwork): fitted to its frame, or at `scale` screen pixels per drawing unit (the
 * frame scrolls). With `onPick`, a click (or Enter) on a node chooses it as an end of the link
 * being drawn; a click on a collapsed kind's aggregate calls `onExpand`.
 */
export function NetworkDiagram({
  network,
  layout: givenLayout,
  view: givenView,
  hiddenFlows,
  scale,
  onPick,
  onExpand,
  picked = {},
  found,
  svgRef,
}: {
  network: ClusterNetwork;
  layout?: NetworkLayout;
  view?: NetworkView;
  hiddenFlows?: ReadonlySet<FlowKindName>;
  scale?: number;
  onPick?: (nodeId: number) => void;
  onExpand?: (kind: MemberKindName) => void;
  picked?: PickedEnds;
  found?: number;
  svgRef?: Ref<SVGSVGElement>;
}) {
  const ownLayout = useMemo(() => givenLayout ?? layoutNetwork(network), [givenLayout, network]);
  const layout = givenLayout ?? ownLayout;
  const view = useMemo(() => givenView ?? collapseKinds(layout, new Set()), [givenView, layout]);
  const [focus, setFocus] = useState<number>();
  const idPrefix = `arrow-${network.clusterId}`;
  const names = useMemo(() => new Map(view.nodes.map((n) => [n.id, n.label])), [view.nodes]);
  const shown = useMemo(() => (hiddenFlows?.size ? view.links.filter((l) => !hiddenFlows.has(l.kind)) : view.links), [view.links, hiddenFlows]);
  const single = shown.length <= LINKS_DRAWN_SINGLY;
  const focusLinks = useMemo(() => (focus === undefined ? [] : shown.filter((l) => l.from === focus || l.to === focus)), [focus, shown]);
  const linked = useMemo(() => {
    if (focus === undefined || !single) return undefined;
    const set = new Set([focus]);
    for (const l of focusLinks) set.add(l.from).add(l.to);
    return set;
  }, [focus, focusLinks, single]);
  const labelsHidden = layout.compact && (scale === undefined || scale < LABEL_SCALE);

  // A render of the whole drawing, measured from its start to the browser's next frame.
  const renderStart = performance.now();
  useEffect(() => {
    requestAnimationFrame(() => performance.measure("network-render", { start: renderStart, end: performance.now() }));
    // Only the renders that redraw nodes or links are worth a measure, not a hover's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, view, shown]);

  const groupKind = (id: number) => view.nodes.find((n) => n.id === id && n.members !== undefined)?.kind;
  const choose = (id: number) => {
    const kind = groupKind(id);
    if (kind) onExpand?.(kind);
    else onPick?.(id);
  };

  return (
    <svg
      ref={svgRef}
      className={`network ${layout.compact ? "compact" : ""} ${labelsHidden ? "labels-hidden" : ""} ${focus !== undefined && !single ? "focusing" : ""}`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={scale === undefined ? "100%" : layout.width * scale}
      height={scale === undefined ? undefined : layout.height * scale}
      style={scale === undefined ? { maxHeight: layout.compact ? `min(${layout.height}px, 72vh)` : Math.max(420, layout.height) } : { minWidth: 0 }}
      role="img"
      aria-label={`Network of cluster ${network.clusterId}: ${network.nodes.length} nodes, ${network.links.length} links`}
      data-testid="network-diagram"
      data-layout={layout.compact ? "compact" : "rings"}
      data-scale={scale === undefined ? "fit" : scale.toFixed(3)}
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
      <g className="links">{single ? <SingleLinks links={shown} idPrefix={idPrefix} names={names} focus={focus} /> : <BatchedLinks links={shown} />}</g>
      {!single && focus !== undefined && (
        <g className="links focus-links">
          <SingleLinks links={focusLinks} idPrefix={idPrefix} names={names} />
        </g>
      )}
      <g
        className="nodes"
        onMouseOver={(e) => setFocus(nodeIdOf(e))}
        onMouseOut={(e) => {
          if (!(e.relatedTarget as Element | null)?.closest?.("g.node")) setFocus(undefined);
        }}
        onFocus={(e) => setFocus(nodeIdOf(e))}
        onBlur={() => setFocus(undefined)}
        onClick={(e: MouseEvent) => {
          const id = nodeIdOf(e);
          if (id !== undefined) choose(id);
        }}
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key !== "Enter" && e.key !== " ") return;
          const id = nodeIdOf(e);
          if (id === undefined || (!onPick && !groupKind(id))) return;
          e.preventDefault();
          choose(id);
        }}
      >
        <NodeLayer
          nodes={view.nodes}
          linked={linked}
          pickedFrom={picked.from}
          pickedTo={picked.to}
          pickable={onPick !== undefined}
          found={found}
          tabbable={!layout.compact}
        />
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
