import { Link } from "react-router-dom";
import { api } from "../api/client.js";
import type { ConfigHistoryEntry, SecurityParams, Service } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { TxHash } from "../ui/Address.js";
import { REPOSITORY_LABEL } from "../ui/labels.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useClusterOutlet } from "./clusterContext.js";
import { diffParams, formatParam, PARAM_KEYS, PARAM_LABEL } from "./securityParams.js";
import { StatusTimeline } from "./StatusTimeline.js";

export function ConfigurationTab() {
  const { cluster } = useClusterOutlet();
  const { isCdc } = useWallet();
  const history = useApi(() => api.configHistory(cluster.id), `history-${cluster.id}-${cluster.configVersion}`);
  const services = useApi(() => api.services(), "services");
  const byId = new Map((services.data ?? []).map((s) => [s.id, s]));
  const enabled = cluster.enabledServices.map((id): { id: number; name: string; repository?: Service["repository"] } =>
    byId.get(id) ?? { id, name: `Service ${id}` },
  );

  return (
    <div className="columns">
      <div className="column-main">
        <div className="card">
          <div className="card-head">
            <h2>Security parameters</h2>
            {isCdc && (
              <Link className="button small" to={`/cdc/configure?cluster=${cluster.id}`}>
                Change
              </Link>
            )}
          </div>
          {!cluster.params && <p className="empty">No security parameters recorded for this cluster.</p>}
          <dl className="facts" data-testid="current-params">
            {cluster.params && PARAM_KEYS.map((key) => (
              <div key={key} className="fact" data-param={key}>
                <dt>{PARAM_LABEL[key]}</dt>
                <dd>{key === "settlementToken" ? <code className="address">{formatParam(key, cluster.params!)}</code> : formatParam(key, cluster.params!)}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="card">
          <h2>
            Configuration history <span className="count">{history.data?.length ?? ""}</span>
          </h2>
          {history.error && !history.data && <LoadError error={history.error} retry={history.reload} />}
          {!history.data && !history.error && <Loading what="the history" />}
          {history.data && <History entries={history.data} services={byId} />}
        </div>
      </div>
      <aside className="column-side">
        <div className="card">
          <h2>
            Enabled services <span className="count">{enabled.length}</span>
          </h2>
          {enabled.length === 0 ? (
            <p className="empty">No services enabled.</p>
          ) : (
            <ul className="service-list" data-testid="enabled-services">
              {enabled.map((s) => (
                <li key={s.id}>
                  <span>{s.name}</span>
                  {s.repository && <Badge tone="neutral">{REPOSITORY_LABEL[s.repository]}</Badge>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card">
          <h2>Life cycle</h2>
          <StatusTimeline changes={cluster.statusHistory} />
        </div>
      </aside>
    </div>
  );
}

function History({ entries, services }: { entries: ConfigHistoryEntry[]; services: Map<number, Service> }) {
  if (entries.length === 0) return <p className="empty">No configuration changes recorded.</p>;
  // Diffs need the older parameters, so walk from the oldest entry up.
  const chronological = [...entries].sort((a, b) => a.configVersion - b.configVersion || a.blockNumber - b.blockNumber);
  const previous = new Map<ConfigHistoryEntry, SecurityParams | undefined>();
  let last: SecurityParams | undefined;
  for (const entry of chronological) {
    if (entry.change.type === "params") {
      previous.set(entry, last);
      last = entry.change.params;
    }
  }
  const newestFirst = [...chronological].reverse();
  return (
    <ol className="timeline" data-testid="config-history">
      {newestFirst.map((entry) => {
        const change = entry.change;
        const serviceName = change.type === "params" ? "" : services.get(change.serviceId)?.name ?? `Service ${change.serviceId}`;
        return (
          <li key={`${entry.configVersion}-${entry.txHash}`} className={`timeline-item change-${change.type}`} data-config-version={entry.configVersion}>
            <span className="timeline-marker" aria-hidden="true" />
            <div className="timeline-head">
              <span className="version">v{entry.configVersion}</span>
              <strong>
                {change.type === "params" && (previous.get(entry) ? "Security parameters changed" : "Security parameters set")}
                {change.type === "serviceEnabled" && `Enabled ${serviceName}`}
                {change.type === "serviceDisabled" && `Disabled ${serviceName}`}
              </strong>
              <span className="muted small">
                {formatTime(entry.time)} · block {entry.blockNumber} · <TxHash value={entry.txHash} />
              </span>
            </div>
            {change.type === "params" && <ParamsChange before={previous.get(entry)} after={change.params} />}
          </li>
        );
      })}
    </ol>
  );
}

function ParamsChange({ before, after }: { before: SecurityParams | undefined; after: SecurityParams }) {
  if (!before) {
    return (
      <p className="muted small">
        {PARAM_KEYS.filter((k) => k !== "settlementToken").map((k) => `${PARAM_LABEL[k]}: ${formatParam(k, after)}`).join(" · ")}
      </p>
    );
  }
  const changes = diffParams(before, after);
  if (changes.length === 0) return <p className="muted small">Same values as before.</p>;
  return (
    <ul className="diff">
      {changes.map((c) => (
        <li key={c.key}>
          {c.label}: <del>{c.before}</del> → <ins>{c.after}</ins>
        </li>
      ))}
    </ul>
  );
}
