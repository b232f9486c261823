import { Link, NavLink, Outlet, useParams } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { Address } from "../ui/Address.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";
import { useWallet } from "../wallet/WalletContext.js";
import type { ClusterOutlet } from "./clusterContext.js";
import { LifeCycle } from "./LifeCycle.js";

export function ClusterPage() {
  const id = Number(useParams().clusterId);
  const valid = Number.isSafeInteger(id) && id > 0;
  const cluster = useApi(() => (valid ? api.cluster(id) : Promise.reject(new Error("A cluster id is a positive whole number."))), `cluster-${id}`);
  const { isCdc } = useWallet();

  if (cluster.error && !cluster.data) {
    return (
      <section className="page">
        <p className="breadcrumb">
          <Link to="/">Clusters</Link> /
        </p>
        <LoadError error={cluster.error} retry={valid ? cluster.reload : undefined} />
      </section>
    );
  }
  if (!cluster.data) return <section className="page"><Loading what="the cluster" /></section>;
  const c = cluster.data;
  const outlet: ClusterOutlet = { cluster: c, reload: cluster.reload };
  const editable = isCdc && !["dissolved", "rejected"].includes(c.status);

  return (
    <section className="page" data-cluster-id={c.id}>
      <p className="breadcrumb">
        <Link to="/">Clusters</Link> / #{c.id}
      </p>
      <div className="page-head">
        <div>
          <h1 className="with-badge">
            {c.name} <StatusBadge status={c.status} />
          </h1>
          <dl className="inline-facts">
            <div>
              <dt>CDO</dt>
              <dd>
                <Address value={c.cdo} />
              </dd>
            </div>
            <div>
              <dt>Members</dt>
              <dd>{c.memberCount}</dd>
            </div>
            <div>
              <dt>Configuration</dt>
              <dd>v{c.configVersion}</dd>
            </div>
            <div>
              <dt>Membership contract</dt>
              <dd>{c.membership ? <Address value={c.membership} /> : "—"}</dd>
            </div>
            <div>
              <dt>Registered</dt>
              <dd>{formatTime(c.createdAt)}</dd>
            </div>
          </dl>
        </div>
        {editable && (
          <Link className="button" to={`/cdc/configure?cluster=${c.id}`}>
            Configure
          </Link>
        )}
      </div>
      <LifeCycle status={c.status} />
      <nav className="tabs" aria-label="Cluster sections">
        <NavLink to="network">Network</NavLink>
        <NavLink to="members">Members</NavLink>
        <NavLink to="configuration">Configuration</NavLink>
        <NavLink to="documents">Documents</NavLink>
        <NavLink to="agreements">Agreements</NavLink>
        <NavLink to="clearing">Clearing</NavLink>
        <NavLink to="proposals">Proposals</NavLink>
      </nav>
      <Outlet context={outlet} />
    </section>
  );
}
