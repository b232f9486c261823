import { useEffect, useMemo, type ReactElement } from "react";
import { Link, Navigate, NavLink, Outlet, useParams } from "react-router-dom";
import { api } from "../api/client.js";
import { REPOSITORIES, type ClusterDetail, type Service } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { CLUSTER_TABS, FRONTEND_SERVICES, serviceShown, type InstalledPage } from "../services/installed.js";
import { REPOSITORY_LABEL } from "../ui/labels.js";
import { Address } from "../ui/Address.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";
import { TokenUnitProvider, useSettlementToken } from "../ui/amount.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useClusterOutlet, type ClusterOutlet } from "./clusterContext.js";
import { LifeCycle } from "./LifeCycle.js";
import { usePageTitle } from "../ui/usePageTitle.js";

export function ClusterPage() {
  const id = Number(useParams().clusterId);
  const valid = Number.isSafeInteger(id) && id > 0;
  const cluster = useApi(() => (valid ? api.cluster(id) : Promise.reject(new Error("A cluster id is a positive whole number."))), `cluster-${id}`);
  const catalog = useApi(() => api.services(), "services");
  const { isCdc } = useWallet();
  useConfigurationWatch(valid ? id : undefined, cluster.data, cluster.reload);
  // The settlement token's decimals and symbol, for every amount the tabs show or read.
  const tokenUnit = useSettlementToken(cluster.data?.params?.settlementToken, cluster.data?.settlementTokenUnit);
  const enabledNames = useMemo(() => enabledServiceNames(cluster.data, catalog.data), [cluster.data, catalog.data]);

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
  if (!cluster.data)
    return (
      <section className="page">
        <Loading what="the cluster" />
      </section>
    );
  const c = cluster.data;
  const outlet: ClusterOutlet = { cluster: c, reload: cluster.reload, enabledNames, catalog: catalog.data };
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
      <WorkspaceTabs enabledNames={enabledNames} catalog={catalog.data ?? []} cluster={c} />
      <TokenUnitProvider unit={tokenUnit}>
        <Outlet context={outlet} />
      </TokenUnitProvider>
    </section>
  );
}

/** Names of the catalog services the cluster's configuration enables; undefined until the catalog is read. */
function enabledServiceNames(cluster: ClusterDetail | undefined, catalog: Service[] | undefined): ReadonlySet<string> | undefined {
  if (!cluster || !catalog) return undefined;
  const enabled = new Set(cluster.enabledServices);
  return new Set(catalog.filter((s) => enabled.has(s.id)).map((s) => s.name));
}

const FRONTEND_IDS = new Set(FRONTEND_SERVICES.map((s) => s.manifest.id));

/** How often the workspace looks for a configuration change (a service switched on or off). */
const CONFIG_POLL_MS = 3000;

/** Re-reads the cluster when its configuration version moves, so tabs follow the chain without a reload. */
function useConfigurationWatch(id: number | undefined, cluster: ClusterDetail | undefined, reload: () => void): void {
  const version = cluster?.configVersion;
  useEffect(() => {
    if (id === undefined || version === undefined) return;
    const timer = setInterval(() => {
      api.cluster(id).then(
        (fresh) => fresh.configVersion !== version && reload(),
        () => {},
      );
    }, CONFIG_POLL_MS);
    return () => clearInterval(timer);
  }, [id, version, reload]);
}

/** The workspace's tabs: the enabled services' tabs grouped by repository, and enabled services not installed here. */
function WorkspaceTabs({ enabledNames, catalog, cluster }: { enabledNames: ReadonlySet<string> | undefined; catalog: Service[]; cluster: ClusterDetail }) {
  const shown = enabledNames ?? new Set<string>();
  const enabledIds = new Set(cluster.enabledServices);
  return (
    <nav className="tabs" aria-label="Cluster sections">
      {REPOSITORIES.map((repository) => {
        const tabs = CLUSTER_TABS.filter((t) => t.service.repository === repository && serviceShown(t.service, shown));
        // Enabled services this web app has no pages for: external ones (a tab drawn from their view) or not built yet.
        const notInstalled = catalog.filter((s) => s.repository === repository && enabledIds.has(s.id) && !FRONTEND_IDS.has(s.name));
        if (tabs.length === 0 && notInstalled.length === 0) return null;
        return (
          <div className="tab-group" key={repository} role="group" aria-label={`${REPOSITORY_LABEL[repository]} services`} data-repository={repository}>
            <span className="tab-group-label">{REPOSITORY_LABEL[repository]}</span>
            {tabs.map((t) => (
              <NavLink key={t.path} to={t.path} data-service={t.service.id}>
                {t.title}
              </NavLink>
            ))}
            {notInstalled.map((s) =>
              s.manifest?.external ? (
                <NavLink key={s.id} to={`services/${s.name}`} data-service={s.name} title={s.description ?? undefined}>
                  {externalTabTitle(s)}
                </NavLink>
              ) : (
                <span
                  key={s.id}
                  className="tab-unavailable"
                  data-service={s.name}
                  title={
                    s.installed
                      ? `Installed, with no page in this web app: its API is at /api/clusters/${cluster.id}/services/${s.name}/…`
                      : "Enabled in this cluster's configuration, but not installed on this platform yet"
                  }
                >
                  {s.title ?? s.name}
                </span>
              ),
            )}
          </div>
        );
      })}
    </nav>
  );
}

/** An external service's tab is titled as its manifest's cluster tab, else as the service. */
function externalTabTitle(s: Service): string {
  return s.manifest?.pages.find((p) => p.kind === "cluster-tab")?.title ?? s.title ?? s.name;
}

/** One tab of the workspace: its service's page where the cluster enabled the service, a clear notice otherwise. */
export function ClusterTab({ tab }: { tab: InstalledPage }) {
  const { cluster } = useClusterOutlet();
  usePageTitle(tab.title, cluster.name);
  return <EnabledOnly tab={tab}>{tab.element}</EnabledOnly>;
}

/** A page below a tab (one proposal): shown where its tab is; it titles itself. */
export function ClusterSubpage({ tab, element }: { tab: InstalledPage; element: ReactElement }) {
  return <EnabledOnly tab={tab}>{element}</EnabledOnly>;
}

function EnabledOnly({ tab, children }: { tab: InstalledPage; children: ReactElement }) {
  const { cluster, enabledNames } = useClusterOutlet();
  if (!enabledNames) return <Loading what="the cluster's services" />;
  if (!serviceShown(tab.service, enabledNames)) {
    return (
      <Notice tone="info" title={`${tab.service.title} is not enabled in this cluster`}>
        Cluster #{cluster.id}'s configuration does not enable the service {tab.service.id}. The CDC (while the cluster is being set up) or the members' vote can
        enable it; its tab appears here as soon as the change is on chain.
      </Notice>
    );
  }
  return children;
}

/** The workspace's first tab (the cluster's network). */
export function FirstTab() {
  return <Navigate to={CLUSTER_TABS[0]!.path} replace />;
}
