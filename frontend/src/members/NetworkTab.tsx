import { useMemo, useState } from "react";
import { api } from "../api/client.js";
import type { ClusterNetwork } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { NetworkDiagram, NetworkLegend } from "./NetworkDiagram.js";
import { NetworkEditor } from "./NetworkEditor.js";
import { NetworkLinksTable } from "./NetworkLinksTable.js";
import { emptyLinkForm, networkWritable, pickNode, type LinkForm } from "./networkEditForms.js";
import { layoutNetwork } from "./networkLayout.js";
import { NetworkViewControls, useNetworkViewChoices } from "./NetworkViewControls.js";
import { useZoomPan } from "./useZoomPan.js";
import "./networkView.css";

/** Lays the network out once per version of it, measured (performance.measure "network-layout"). */
function useLayout(network: ClusterNetwork | undefined) {
  return useMemo(() => {
    if (!network) return undefined;
    const start = performance.now();
    const layout = layoutNetwork(network);
    performance.measure("network-layout", { start, end: performance.now(), detail: { nodes: network.nodes.length, links: network.links.length } });
    return layout;
  }, [network]);
}

export function NetworkTab() {
  const { cluster } = useClusterOutlet();
  const network = useApi(() => api.network(cluster.id), `network-${cluster.id}-${cluster.configVersion}-${cluster.memberCount}`);
  const { account, isMember } = useClusterMember(cluster);
  const [editing, setEditing] = useState(false);
  const [linkForm, setLinkForm] = useState<LinkForm>(emptyLinkForm);
  // Membership.onlyCdo and whenWritable: nobody else, and at no other time, sees the editing controls.
  const membership = cluster.components.Membership;
  const mayEdit = account !== undefined && account.toLowerCase() === cluster.cdo.toLowerCase() && networkWritable(cluster.status) && membership !== undefined;
  const editorOpen = mayEdit && editing;
  const layout = useLayout(network.data);
  const zoom = useZoomPan();
  const choices = useNetworkViewChoices(layout, zoom);
  if (network.error && !network.data) return <LoadError error={network.error} retry={network.reload} />;
  if (!network.data || !layout) return <Loading what="the network" />;
  const { nodes, links } = network.data;
  const members = nodes.filter((n) => n.type === "member");
  const core = members.filter((n) => n.role === "core");
  const partners = nodes.filter((n) => n.type === "partner");

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
          {mayEdit && (
            <button
              type="button"
              className="button"
              aria-expanded={editorOpen}
              aria-controls={editorOpen ? "network-editor" : undefined}
              onClick={() => setEditing((e) => !e)}
            >
              Edit network
            </button>
          )}
        </div>
        <NetworkLegend />
        <NetworkViewControls network={network.data} choices={choices} zoom={zoom} />
        <div
          ref={zoom.frameRef}
          className={`network-frame ${zoom.scale === undefined ? "" : "zoomed"} ${zoom.panning ? "panning" : ""}`}
          role="region"
          aria-label="Network drawing"
          aria-describedby="network-zoom-keys"
          tabIndex={0}
          {...zoom.frameHandlers}
        >
          <NetworkDiagram
            network={network.data}
            layout={layout}
            view={choices.view}
            hiddenFlows={choices.hiddenFlows}
            scale={zoom.scale}
            svgRef={zoom.svgRef}
            found={choices.found?.id}
            onExpand={choices.expand}
            onPick={editorOpen ? (id) => setLinkForm((f) => pickNode(f, id)) : undefined}
            picked={editorOpen ? { from: Number(linkForm.from) || undefined, to: Number(linkForm.to) || undefined } : undefined}
          />
        </div>
        <p id="network-zoom-keys" className="muted small network-hint">
          Drag the drawing (or use the scrollbars and arrow keys) to move around; the mouse wheel, a pinch or the + and − keys zoom; 0 fits it to the frame.
        </p>
      </div>
      {editorOpen && (
        <NetworkEditor
          membership={membership}
          network={network.data}
          linkForm={linkForm}
          onLinkFormChange={setLinkForm}
          onChanged={network.reload}
          onClose={() => setEditing(false)}
        />
      )}
      <NetworkLinksTable
        clusterId={cluster.id}
        network={network.data}
        isMember={isMember}
        membership={mayEdit ? membership : undefined}
        onRemoved={network.reload}
      />
    </>
  );
}
