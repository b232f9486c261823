import { useId, useMemo } from "react";
import { useFormatAmount } from "../ui/amount.js";
import type { Flow } from "./flows.js";
import { FONT_SIZE, layoutGraph, NODE_RADIUS } from "./graphLayout.js";

/**
 * The cycle's obligations as a directed graph: members (by name) on a circle, an arrow from each
 * debtor to its creditor numbered as in the table beside it, with the amount owed (`owed`) or
 * what is left after the set-off (`remaining`; arrows the set-off cancels in full are dashed).
 * It keeps a readable size on a phone and scrolls in its own frame.
 */
export function ObligationsGraph({
  flows,
  name,
  show,
  title,
  testId,
}: {
  flows: readonly Flow[];
  /** Members' names by address (memberNames). */
  name: (address: string) => string;
  show: "owed" | "remaining";
  title: string;
  testId: string;
}) {
  const amountText = useFormatAmount();
  const marker = useId().replace(/:/g, "");
  const layout = useMemo(() => {
    const ids = [...new Set(flows.flatMap((f) => [f.debtor, f.creditor]))].sort((a, b) => name(a).localeCompare(name(b)));
    return layoutGraph(
      ids.map((id) => ({ id, label: name(id) })),
      flows.map((f) => {
        const value = show === "owed" ? f.owed : f.owed - (f.cancelled ?? 0n);
        return { key: String(f.n), from: f.debtor, to: f.creditor, label: show === "remaining" && value === 0n ? "" : `${f.n}: ${amountText(value)}` };
      }),
    );
  }, [flows, name, show, amountText]);
  const { viewBox: v } = layout;
  const remaining = new Map(flows.map((f) => [String(f.n), f.owed - (f.cancelled ?? 0n)]));

  return (
    <figure className="obligations-graph" data-testid={testId} data-show={show}>
      <figcaption>{title}</figcaption>
      <div className="obligations-frame" role="region" aria-label={`${title}: drawing`} tabIndex={0}>
        <svg
          viewBox={`${v.x} ${v.y} ${v.width} ${v.height}`}
          width={v.width}
          height={v.height}
          // Never drawn larger than life, nor below a readable size: on a phone the frame scrolls.
          style={{ maxWidth: v.width, minWidth: Math.min(v.width, 600) }}
          role="img"
          aria-label={`${title}: ${flows.length} arrows, each from who owes to whom, numbered as in the table below`}
        >
          <defs>
            <marker id={`${marker}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="arrowhead" />
            </marker>
          </defs>
          <g className="edges">
            {layout.edges.map((e) => (
              <path
                key={e.key}
                d={e.path}
                className={`edge ${show === "remaining" && remaining.get(e.key) === 0n ? "cancelled" : ""}`}
                markerEnd={`url(#${marker}-arrow)`}
                data-edge={e.key}
              />
            ))}
          </g>
          <g className="nodes">
            {layout.nodes.map((n) => (
              <g key={n.id} className="node" data-node={n.id}>
                <circle cx={n.x} cy={n.y} r={NODE_RADIUS} />
                <text x={n.labelX} y={n.labelY} textAnchor={n.anchor} fontSize={FONT_SIZE} className="node-label graph-text">
                  {n.label}
                </text>
              </g>
            ))}
          </g>
          <g className="edge-labels">
            {layout.edges.map(
              (e) =>
                e.labelBox && (
                  <g key={e.key} className="edge-label" data-edge-label={e.key}>
                    <rect x={e.labelBox.x} y={e.labelBox.y} width={e.labelBox.width} height={e.labelBox.height} rx={3} />
                    <text x={e.labelX} y={e.labelY} dy="0.35em" textAnchor="middle" fontSize={FONT_SIZE} className="graph-text">
                      {e.label}
                    </text>
                  </g>
                ),
            )}
          </g>
        </svg>
      </div>
    </figure>
  );
}
