import { Link } from "react-router-dom";
import { api } from "../api/client.js";
import type { ConfigHistoryEntry, SecurityParams, Service } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { Address, TxHash } from "../ui/Address.js";
import { NO_TOKEN, useTokenUnit } from "../ui/amount.js";
import { REPOSITORY_LABEL } from "../ui/labels.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useClusterOutlet } from "./clusterContext.js";
import { diffParams, formatParam, PARAM_KEYS, PARAM_LABEL } from "../forms/securityParams.js";
import { StatusTimeline } from "./StatusTimeline.js";
import { ServiceSettingsCard } from "./ServiceSettingsCard.js";

export function ConfigurationTab() {
  const { cluster, reload } = useClusterOutlet();
  const { isCdc } = useWallet();
  const history = useApi(() => api.configHistory(cluster.id), `history-${cluster.id}-${cluster.configVersion}`);
  const services = useApi(() => api.services(), "services");
  // Keyed on the status history length: a status change brings new life-cycle entries.
  const lifecycle = useApi(() => api.lifecycle(cluster.id), `lifecycle-${cluster.id}-${cluster.statusHistory.length}-${cluster.status}`);
  const byId = new Map((services.data ?? []).map((s) => [s.id, s]));
  const enabled = cluster.enabledServices.map(
    (id): { id: number; name: string; repository?: Service["repository"] } => byId.get(id) ?? { id, name: `Service ${id}` },
  );

  return (
    <div className="columns">
      <div className="column-main">
        <div className="card">
          <div className="card-head">
            <h2>Security parameters</h2>
            {isCdc && (
              <Link className="button small" to={`/cdc/configure?cluster=${cluster.id}`}>
                {cluster.status === "active" ? "Propose a change" : "Change"}
              </Link>
            )}
          </div>
          {!cluster.params && <p className="empty">No security parameters recorded for this cluster.</p>}
          <dl className="facts" data-testid="current-params">
            {cluster.params &&
              PARAM_KEYS.map((key) => (
                <div key={key} className="fact" data-param={key}>
                  <dt>{PARAM_LABEL[key]}</dt>
                  <dd>{key === "settlementToken" ? <SettlementToken address={cluster.params!.settlementToken} /> : formatParam(key, cluster.params!)}</dd>
                </div>
              ))}
          </dl>
        </div>
        {services.data && <ServiceSettingsCard cluster={cluster} catalog={services.data} reload={reload} />}
        <div className="card">
          <h2>Configuration history</h2>
          {history.error && !history.data && <LoadError error={history.error} retry={history.reload} membersOnly="its configuration history" />}
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
          <StatusTimeline changes={cluster.statusHistory} lifecycle={lifecycle.data} />
        </div>
      </aside>
    </div>
  );
}

interface TxGroup {
  txHash: string;
  blockNumber: number;
  time: string;
  versions: number[];
  entries: ConfigHistoryEntry[];
}

/** Entries of one transaction belong together: a registration sets parameters and many services at once. */
function groupByTransaction(newestFirst: ConfigHistoryEntry[]): TxGroup[] {
  const groups: TxGroup[] = [];
  for (const entry of newestFirst) {
    const last = groups[groups.length - 1];
    if (last && last.txHash === entry.txHash) {
      last.entries.push(entry);
      if (!last.versions.includes(entry.configVersion)) last.versions.push(entry.configVersion);
    } else {
      groups.push({ txHash: entry.txHash, blockNumber: entry.blockNumber, time: entry.time, versions: [entry.configVersion], entries: [entry] });
    }
  }
  for (const g of groups) g.entries.reverse(); // read each transaction's changes in the order they happened
  return groups;
}

function History({ entries, services }: { entries: ConfigHistoryEntry[]; services: Map<number, Service> }) {
  if (entries.length === 0) return <p className="empty">No configuration changes recorded.</p>;
  // The API lists newest first; diffs need the parameters before each change, so walk from the oldest.
  const previous = new Map<ConfigHistoryEntry, SecurityParams | undefined>();
  let last: SecurityParams | undefined;
  for (const entry of [...entries].reverse()) {
    if (entry.change.type === "params") {
      previous.set(entry, last);
      last = entry.change.params;
    }
  }
  const serviceName = (id: number) => services.get(id)?.name ?? `Service ${id}`;
  const serviceTitle = (id: number) => services.get(id)?.title ?? serviceName(id);
  const groups = groupByTransaction(entries);
  return (
    <ol className="timeline" data-testid="config-history">
      {groups.map((group, index) => {
        const params = group.entries.find((e) => e.change.type === "params");
        const enabled = group.entries.flatMap((e) => (e.change.type === "serviceEnabled" ? [serviceName(e.change.serviceId)] : []));
        const disabled = group.entries.flatMap((e) => (e.change.type === "serviceDisabled" ? [serviceName(e.change.serviceId)] : []));
        const settings = group.entries.flatMap((e) => (e.change.type === "serviceSettings" ? [{ ...e.change, title: serviceTitle(e.change.serviceId) }] : []));
        const initial = index === groups.length - 1 && params !== undefined && !previous.get(params);
        const titles = [
          params && (previous.get(params) ? "Security parameters changed" : "Security parameters set"),
          enabled.length === 1 && `Enabled ${enabled[0]}`,
          enabled.length > 1 && `${enabled.length} services enabled`,
          disabled.length === 1 && `Disabled ${disabled[0]}`,
          disabled.length > 1 && `${disabled.length} services disabled`,
          ...settings.map((s) => (s.settingsCid ? `Settings of ${s.title} changed` : `Settings of ${s.title} back to defaults`)),
        ].filter(Boolean);
        const kind = params ? "params" : enabled.length > 0 ? "serviceEnabled" : disabled.length > 0 ? "serviceDisabled" : "serviceSettings";
        const versions = group.versions.length > 1 ? `v${Math.min(...group.versions)}–${Math.max(...group.versions)}` : `v${group.versions[0]}`;
        return (
          <li key={group.txHash} className={`timeline-item change-${kind}`} data-config-version={Math.max(...group.versions)}>
            <span className="timeline-marker" aria-hidden="true" />
            <div className="timeline-head">
              <span className="version">{versions}</span>
              <strong>{initial ? "Initial configuration" : titles.join(" · ")}</strong>
              <span className="muted small">
                {formatTime(group.time)} · block {group.blockNumber} · <TxHash value={group.txHash} />
              </span>
            </div>
            {params && params.change.type === "params" && <ParamsChange before={previous.get(params)} after={params.change.params} />}
            {enabled.length > (initial ? 0 : 1) && <p className="small">Enabled: {enabled.join(", ")}</p>}
            {disabled.length > 1 && <p className="small">Disabled: {disabled.join(", ")}</p>}
            {settings.map(
              (s) =>
                s.settingsCid && (
                  <p key={s.serviceId} className="small" data-settings-cid={s.settingsCid}>
                    Settings of {s.title}: <code className="cid">{s.settingsCid}</code>
                  </p>
                ),
            )}
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
        {PARAM_KEYS.filter((k) => k !== "settlementToken")
          .map((k) => `${PARAM_LABEL[k]}: ${formatParam(k, after)}`)
          .join(" · ")}
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

/** The settlement token: its symbol and decimals as every amount of the cluster uses them, and its address. */
function SettlementToken({ address }: { address: string }) {
  const unit = useTokenUnit();
  if (unit === NO_TOKEN) return <span className="muted">None: amounts are whole units</span>;
  return (
    <span data-testid="settlement-token">
      {unit ? `${unit.symbol}, ${unit.decimals} decimals · ` : ""}
      <Address value={address} />
    </span>
  );
}
