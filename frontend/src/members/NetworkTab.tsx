import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { NetworkDiagram, NetworkLegend } from "./NetworkDiagram.js";
import { NetworkEditor } from "./NetworkEditor.js";
import { NetworkLinksTable } from "./NetworkLinksTable.js";
import { emptyLinkForm, networkWritable, pickNode, type LinkForm } from "./networkEditForms.js";

const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.5;
const MAX_ZOOM = 3;

export function NetworkTab() {
  const { cluster } = useClusterOutlet();
  // undefined: fitted to the frame (at least 640 px wide, the frame scrolls on a phone).
  const [scale, setScale] = useState<number>();
  const network = useApi(() => api.network(cluster.id), `network-${cluster.id}-${cluster.configVersion}-${cluster.memberCount}`);
  const { account, isMember } = useClusterMember(cluster);
  const [editing, setEditing] = useState(false);
  const [linkForm, setLinkForm] = useState<LinkForm>(emptyLinkForm);
  // Membership.onlyCdo and whenWritable: nobody else, and at no other time, sees the editing controls.
  const membership = cluster.components.Membership;
  const mayEdit = account !== undefined && account.toLowerCase() === cluster.cdo.toLowerCase() && networkWritable(cluster.status) && membership !== undefined;
  const editorOpen = mayEdit && editing;
  if (network.error && !network.data) return <LoadError error={network.error} retry={network.reload} />;
  if (!network.data) return <Loading what="the network" />;
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
          <NetworkDiagram
            network={network.data}
            scale={scale}
            onPick={editorOpen ? (id) => setLinkForm((f) => pickNode(f, id)) : undefined}
            picked={editorOpen ? { from: Number(linkForm.from) || undefined, to: Number(linkForm.to) || undefined } : undefined}
          />
        </div>
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
