import { Link, useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import { usePlatformStatus } from "../api/StatusContext.js";
import { CLUSTER_STATUSES, type ClusterStatus, type ClusterSummary } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { Address } from "../ui/Address.js";
import { accountText } from "../ui/names.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { STATUS_LABEL } from "../ui/labels.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";
import { useWallet } from "../wallet/WalletContext.js";
import { usePageTitle } from "../ui/usePageTitle.js";

const IN_FORMATION: ClusterStatus[] = ["initiative", "voting", "forming"];
const ENDING: ClusterStatus[] = ["dissolving", "dissolved", "rejected"];

export function OverviewPage() {
  usePageTitle("Clusters");
  const [params, setParams] = useSearchParams();
  const filter = CLUSTER_STATUSES.find((s) => s === params.get("status"));
  const clusters = useApi(() => api.clusters(), "clusters");
  const { data: status } = usePlatformStatus();
  const { isCdc } = useWallet();
  const all = clusters.data ?? [];
  const count = (statuses: ClusterStatus[]) => all.filter((c) => statuses.includes(c.status)).length;
  const shown = filter ? all.filter((c) => c.status === filter) : all;

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Clusters</h1>
          <p className="lead">Industrial clusters registered by the Cluster Development Center, with their life-cycle status.</p>
        </div>
        {isCdc && (
          <Link className="button primary" to="/cdc/register">
            Register cluster
          </Link>
        )}
      </div>

      <div className="stats" data-testid="overview-stats">
        <Stat label="Clusters" value={clusters.data ? all.length : "—"} />
        <Stat label="Active" value={clusters.data ? count(["active"]) : "—"} tone="good" />
        <Stat label="In formation" value={clusters.data ? count(IN_FORMATION) : "—"} tone="info" />
        <Stat label="Dissolving or closed" value={clusters.data ? count(ENDING) : "—"} tone="neutral" />
        <Stat label="Catalog services" value={status ? status.serviceCount : "—"} tone="neutral" />
      </div>

      <div className="card">
        <div className="card-head">
          <h2>Registry</h2>
          <div className="filters" role="group" aria-label="Filter by status">
            <button type="button" className={`filter ${filter ? "" : "selected"}`} onClick={() => setParams({})}>
              All
            </button>
            {CLUSTER_STATUSES.map((s) => (
              <button
                key={s}
                type="button"
                className={`filter ${filter === s ? "selected" : ""}`}
                onClick={() => setParams({ status: s })}
                disabled={clusters.data !== undefined && count([s]) === 0 && filter !== s}
              >
                {STATUS_LABEL[s]}
              </button>
            ))}
          </div>
        </div>
        {clusters.error && !clusters.data && <LoadError error={clusters.error} retry={clusters.reload} />}
        {clusters.loading && !clusters.data && <Loading what="clusters" />}
        {clusters.data && <ClusterTable clusters={shown} />}
      </div>
    </section>
  );
}

function Stat({ label, value, tone = "neutral" }: { label: string; value: number | string; tone?: string }) {
  return (
    <div className={`stat stat-${tone}`}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function ClusterTable({ clusters }: { clusters: ClusterSummary[] }) {
  const view = useListView(clusters, {
    searchText: (c) => [c.name, `#${c.id}`, STATUS_LABEL[c.status], ...accountText(c.cdo)],
    sorts: {
      id: byNumber((c: ClusterSummary) => c.id),
      name: byText((c: ClusterSummary) => c.name),
      status: byText((c: ClusterSummary) => STATUS_LABEL[c.status]),
      members: byNumber((c: ClusterSummary) => c.memberCount),
    },
    initialSort: { key: "id", direction: "asc" },
  });
  if (clusters.length === 0) return <p className="empty">No clusters to show.</p>;
  return (
    <>
      <ListTable
        view={view}
        label="Clusters"
        noun="clusters"
        one="cluster"
        placeholder="Search by name, status or CDO…"
        testId="cluster-table"
        columns={[
          { label: "#", sort: "id", className: "num" },
          { label: "Name", sort: "name" },
          { label: "Status", sort: "status" },
          { label: "Members", sort: "members", className: "num" },
          { label: "Config", className: "num" },
          { label: "CDO" },
          { label: "Registered" },
        ]}
      >
        {view.rows.map((c) => (
          <tr key={c.id} data-cluster-id={c.id}>
            <td className="num muted">{c.id}</td>
            <td>
              <Link to={`/clusters/${c.id}`} className="strong-link">
                {c.name}
              </Link>
            </td>
            <td>
              <StatusBadge status={c.status} />
            </td>
            <td className="num">{c.memberCount}</td>
            <td className="num">v{c.configVersion}</td>
            <td>
              <Address value={c.cdo} />
            </td>
            <td className="muted">{formatTime(c.createdAt)}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
