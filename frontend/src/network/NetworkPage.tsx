import { useCallback, useMemo } from "react";
import { api } from "../api/client.js";
import { usePlatformStatus } from "../api/StatusContext.js";
import type { NetworkOverview } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { usePolling } from "../api/usePolling.js";
import { Address } from "../ui/Address.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { useWallet } from "../wallet/WalletContext.js";
import { GrantedAccountsCard } from "./GrantedAccountsCard.js";
import { MyNodesCard } from "./MyNodesCard.js";
import { NetworkMap } from "./NetworkMap.js";
import { NodeReportsCard } from "./NodeReportsCard.js";
import { OperatorActionsCard } from "./OperatorActionsCard.js";
import { RegisterNodeCard } from "./RegisterNodeCard.js";
import { RegistryCard } from "./RegistryCard.js";
import { ValidatorsCard } from "./ValidatorsCard.js";
import { usePageTitle } from "../ui/usePageTitle.js";

const REFRESH_MS = 4000;

/**
 * The consortium's Besu network: for the CDC, the whole picture (nodes, peers, validators, the
 * registry and the operator's work); for every signed-in organisation, the nodes it registered.
 */
export function NetworkPage() {
  usePageTitle("Network");
  const wallet = useWallet();
  const { data: status } = usePlatformStatus();
  let problem: string | undefined;
  if (!wallet.provider) problem = "This page needs a browser wallet: your nodes are registered and withdrawn with transactions you sign.";
  else if (!wallet.account) problem = "Connect your wallet (top right) to see the network and your nodes.";
  else if (!wallet.session) problem = "Sign in (top right) to see the network and your nodes.";

  return (
    <section className="page" data-testid="network-page">
      <div className="page-head">
        <div>
          <h1>Network</h1>
          <p className="lead">
            The consortium's permissioned Besu network. A member organisation registers its node here, the CDC approves it, and every node admits exactly the
            nodes and accounts the chain decides.
          </p>
        </div>
      </div>
      {status && status.chainId !== null && !status.contracts.NodeRegistry && (
        <Notice tone="warn" title="No node registry">
          This platform deployment has no node registry: it was deployed before nodes could be registered. The CDC must redeploy the platform.
        </Notice>
      )}
      {problem ? (
        <Notice tone="info" title="Sign in to continue">
          {problem}
        </Notice>
      ) : !wallet.me ? (
        <Loading what="your roles" />
      ) : (
        <>
          {wallet.isCdc && <CdcNetwork />}
          <MemberNodes account={wallet.account!} isCdc={wallet.isCdc} />
        </>
      )}
    </section>
  );
}

function CdcNetwork() {
  const overview = useApi(api.networkOverview, "network-overview");
  usePolling(overview.reload, REFRESH_MS);
  if (overview.error && !overview.data) return <LoadError error={overview.error} retry={overview.reload} />;
  if (!overview.data) return <Loading what="the network" />;
  const o = overview.data;
  const managed = o.nodes.length > 0;
  return (
    <>
      <NetworkFacts overview={o} />
      {managed ? (
        <>
          <div className="card">
            <div className="card-head">
              <div>
                <h2>Managed nodes and their peers</h2>
                <p className="muted small">Hover or focus a node for its details; the tables below list the same facts.</p>
              </div>
            </div>
            <div className="network-frame" role="region" aria-label="Drawing of the managed nodes" tabIndex={0}>
              <NetworkMap reports={o.nodes} />
            </div>
          </div>
          <ValidatorsCard validators={o.validators} reports={o.nodes} />
          <NodeReportsCard reports={o.nodes} />
        </>
      ) : (
        <Notice tone="info" title="The permissioning operator is not configured">
          <span data-testid="operator-not-configured">
            No Besu node reports to the platform: the permissioning operator runs only when <code>CLUSTER_NETWORK_FILE</code> names the file listing the nodes
            it manages. The registry below still decides which nodes and accounts the network must admit.
          </span>
        </Notice>
      )}
      <RegistryCard nodes={o.registered} onChanged={overview.reload} />
      <GrantedAccountsCard accounts={o.grantedAccounts} onChanged={overview.reload} />
      {(managed || o.actions.length > 0) && <OperatorActionsCard actions={o.actions} />}
    </>
  );
}

function NetworkFacts({ overview: o }: { overview: NetworkOverview }) {
  return (
    <div className="card" data-testid="network-facts">
      <div className="stats">
        <div className="stat stat-info">
          <span className="stat-value" data-testid="network-head">
            {o.head ?? "—"}
          </span>
          <span className="stat-label">Head block</span>
        </div>
        <div className="stat stat-info">
          <span className="stat-value" data-testid="network-indexed">
            {o.indexedBlock ?? "—"}
          </span>
          <span className="stat-label">Indexed block</span>
        </div>
        <div className={`stat ${o.lagBlocks !== null && o.lagBlocks > 5 ? "" : "stat-good"}`}>
          <span className="stat-value" data-testid="network-lag">
            {o.lagBlocks ?? "—"}
          </span>
          <span className="stat-label">Blocks behind</span>
        </div>
      </div>
      <dl className="facts">
        <dt>Node registry</dt>
        <dd>{o.registry ? <Address value={o.registry} full /> : <span className="muted">none in this deployment</span>}</dd>
        <dt>Allowlists decided</dt>
        <dd>
          <details className="gap">
            <summary>
              {o.desired.nodes.length} node{o.desired.nodes.length === 1 ? "" : "s"}, {o.desired.accounts.length} account
              {o.desired.accounts.length === 1 ? "" : "s"}
            </summary>
            <ul className="plain-list">
              {o.desired.nodes.map((n) => (
                <li key={n}>
                  <code className="enode">{n}</code>
                </li>
              ))}
              {o.desired.accounts.map((a) => (
                <li key={a}>
                  <Address value={a} full />
                </li>
              ))}
            </ul>
          </details>
        </dd>
      </dl>
    </div>
  );
}

function MemberNodes({ account, isCdc }: { account: string; isCdc: boolean }) {
  const { me } = useWallet();
  const nodes = useApi(api.registeredNodes, `network-nodes-${account}`);
  const active = useApi(() => api.clusters("active"), "clusters-active");
  usePolling(nodes.reload, REFRESH_MS);
  // The CDC reads every node; here only its own count.
  const own = useMemo(() => (nodes.data?.items ?? []).filter((n) => n.owner.toLowerCase() === account.toLowerCase()), [nodes.data, account]);
  const memberships = useMemo(() => new Set((me?.roles.clusters ?? []).filter((r) => r.role !== null).map((r) => r.clusterId)), [me]);
  const clusters = useMemo(() => (active.data ?? []).filter((c) => memberships.has(c.id)), [active.data, memberships]);
  const { reload: reloadNodes } = nodes;
  const { reload: reloadClusters } = active;
  const reload = useCallback(() => {
    reloadNodes();
    reloadClusters();
  }, [reloadNodes, reloadClusters]);

  if (nodes.error && !nodes.data) return <LoadError error={nodes.error} retry={nodes.reload} />;
  if (!nodes.data || !active.data) return <Loading what="your nodes" />;
  // A CDC that is no member and owns no node has nothing to register or withdraw here.
  if (isCdc && own.length === 0 && clusters.length === 0) return null;
  return (
    <>
      {isCdc && <h2 className="section-title">As a member organisation</h2>}
      <MyNodesCard nodes={own} onChanged={reload} />
      <RegisterNodeCard clusters={clusters} own={own} onRegistered={reload} />
    </>
  );
}
