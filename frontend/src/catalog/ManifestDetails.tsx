import type { ServiceManifest } from "../../../core/services/manifest.js";

/** What a service's manifest says it adds: its contract, API, pages, index, notifications and scopes. */
export function ManifestDetails({ manifest }: { manifest: ServiceManifest | null }) {
  if (!manifest) {
    return <p className="muted small">The manifest under this CID cannot be read from the content store: what the service adds is unknown.</p>;
  }
  return (
    <dl className="facts manifest" data-manifest={manifest.id}>
      <div className="fact">
        <dt>On-chain component</dt>
        <dd>{manifest.component ?? "none"}</dd>
      </div>
      <div className="fact">
        <dt>Pages and tabs</dt>
        <dd>{manifest.pages.length ? manifest.pages.map((p) => `${p.title}${p.kind === "cluster-tab" ? " (tab)" : ""}`).join(", ") : "none"}</dd>
      </div>
      <div className="fact">
        <dt>API routes</dt>
        <dd>
          {manifest.routes.length === 0
            ? "none"
            : manifest.routes.map((r) => (
                <code key={`${r.method} ${r.path}`} className="route">
                  {r.method} {r.path}
                </code>
              ))}
        </dd>
      </div>
      <div className="fact">
        <dt>Index</dt>
        <dd>
          {manifest.tables.length} tables, {manifest.events.length} chain events
        </dd>
      </div>
      <div className="fact">
        <dt>Notifications</dt>
        <dd>{manifest.notifications.join(", ") || "none"}</dd>
      </div>
      <div className="fact">
        <dt>Scopes</dt>
        <dd>{manifest.scopes.map((s) => `${s.id} (${s.holders.join(", ")})`).join("; ") || "none"}</dd>
      </div>
    </dl>
  );
}
