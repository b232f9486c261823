import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { FLOW_KIND_LABEL } from "../ui/labels.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { FLOW_COLOUR } from "./flowStyle.js";
import { NetworkDiagram, NetworkLegend } from "./NetworkDiagram.js";
import { TableScroll } from "../ui/TableScroll.js";

const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.5;
const MAX_ZOOM = 3;

export function NetworkTab() {
  const { cluster } = useClusterOutlet();
  // undefined: fitted to the frame (at least 640 px wide, the frame scrolls on a phone).
  const [scale, setScale] = useState<number>();
  const network = useApi(() => api.network(cluster.id), `network-${cluster.id}-${cluster.configVersion}-${cluster.memberCount}`);
  if (network.error && !network.data) return <LoadError error={network.error} retry={network.reload} />;
  if (!network.data) return <Loading what="the network" />;
  const { nodes, links } = network.data;
  const members = nodes.filter((n) => n.type === "member");
  const core = members.filter((n) => n.role === "core");
  const partners = nodes.filter((n) => n.type === "partner");
  const label = new Map(nodes.map((n) => [n.id, n.label]));

  if (nodes.length === 0) {
    return (
      <div className="card">
        <p className="empty">This cluster has no members yet, so there is no network to draw.</p>
      </div>
    );
  }
  return (
    <>
      <div className="card">
        <div className="card-head">
          <div>
            <h2>Network of production chains</h2>
            <p className="muted small">
              {members.length} members ({core.length} in the core) · {partners.length} external partner{partners.length === 1 ? "" : "s"} · {links.length}{" "}
              links, {links.filter((l) => !l.clusterActivity).length} outside cluster activity. Hover a node to trace its links.
            </p>
          </div>
        </div>
        <NetworkLegend />
        <div className="zoom-controls" role="group" aria-label="Zoom the drawing">
          <button type="button" className="button small" onClick={() => setScale((s) => Math.max((s ?? 1) / ZOOM_STEP, MIN_ZOOM))} aria-label="Zoom out">
            −
          </button>
          <button type="button" className="button small" onClick={() => setScale(undefined)} aria-pressed={scale === undefined}>
            Fit
          </button>
          <button type="button" className="button small" onClick={() => setScale((s) => Math.min((s ?? 1) * ZOOM_STEP, MAX_ZOOM))} aria-label="Zoom in">
            +
          </button>
          <span className="muted small" aria-live="polite">
            {scale === undefined ? "Fitted to the frame" : `${Math.round(scale * 100)} %`}
          </span>
        </div>
        <div className="network-frame" role="region" aria-label="Network drawing" tabIndex={0}>
          <NetworkDiagram network={network.data} scale={scale} />
        </div>
      </div>
      <div className="card">
        <h2>Links</h2>
        <TableScroll label="Links">
          <table className="table" data-testid="link-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>From</th>
                <th>To</th>
                <th>Flow</th>
                <th>Cluster activity</th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id}>
                  <td className="num muted">{l.id}</td>
                  <td>
                    <span className="muted">#{l.from}</span> {label.get(l.from)}
                  </td>
                  <td>
                    <span className="muted">#{l.to}</span> {label.get(l.to)}
                  </td>
                  <td>
                    <span className="flow-swatch" style={{ background: FLOW_COLOUR[l.kind] }} /> {FLOW_KIND_LABEL[l.kind]}
                  </td>
                  <td>{l.clusterActivity ? "Yes" : <span className="muted">No (drawn dashed)</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </>
  );
}
