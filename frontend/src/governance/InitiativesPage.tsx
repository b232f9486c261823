import { useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client.js";
import type { ClusterSummary } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { usePolling } from "../api/usePolling.js";
import { clusterFactory } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { checkParamsForm, paramsToForm } from "../forms/paramsForm.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { TxStatus } from "../ui/TxStatus.js";
import { useWallet } from "../wallet/WalletContext.js";
import { DissolutionInitiativeForm } from "./DissolutionInitiativeForm.js";
import { InitiativeItem } from "./InitiativeItem.js";
import { StartInitiativeForm } from "./StartInitiativeForm.js";
import { usePageTitle } from "../ui/usePageTitle.js";

export function InitiativesPage() {
  usePageTitle("Initiatives");
  const { isCdc } = useWallet();
  const initiatives = useApi(() => api.initiatives(), "initiatives");
  const forming = useApi(() => api.clusters("forming"), "clusters-forming");
  const rejected = useApi(() => api.clusters("rejected"), "clusters-rejected");
  usePolling(initiatives.reload);
  usePolling(forming.reload);
  // The long form opens from its button instead of standing above the initiatives.
  const [starting, setStarting] = useState(false);
  const changed = () => {
    initiatives.reload();
    forming.reload();
    rejected.reload();
  };

  return (
    <section className="page" data-testid="initiatives-page">
      <div className="page-head">
        <div>
          <h1>Initiatives</h1>
          <p className="lead">Initiative groups vote on forming a cluster (or on dissolving one). One entity, one vote.</p>
        </div>
        {isCdc && !starting && (
          <button type="button" className="button primary" onClick={() => setStarting(true)}>
            Start an initiative
          </button>
        )}
      </div>
      {isCdc && starting && <StartInitiativeForm onStarted={changed} onClose={() => setStarting(false)} />}
      {initiatives.error && !initiatives.data && <LoadError error={initiatives.error} retry={initiatives.reload} />}
      {!initiatives.data && !initiatives.error && <Loading what="the initiatives" />}
      {initiatives.data?.length === 0 && <p className="empty">No initiative is voting now.</p>}
      {initiatives.data?.map((i) => (
        <InitiativeItem key={`${i.clusterId}-${i.purpose}-${i.proposal?.id ?? ""}`} initiative={i} onChanged={changed} />
      ))}
      {(forming.data?.length ?? 0) > 0 && (
        <>
          <h2>Approved, awaiting deployment</h2>
          {forming.data!.map((c) => (
            <FormingItem key={c.id} cluster={c} onChanged={changed} canDeploy={isCdc} />
          ))}
        </>
      )}
      {(rejected.data?.length ?? 0) > 0 && (
        <>
          <h2>Rejected initiatives</h2>
          <ul className="card" data-testid="rejected-initiatives">
            {rejected.data!.map((c) => (
              <li key={c.id} data-rejected-id={c.id}>
                <Link to={`/clusters/${c.id}`}>{c.name}</Link> <StatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        </>
      )}
      {isCdc && <DissolutionInitiativeForm onRegistered={changed} />}
    </section>
  );
}

function FormingItem({ cluster, canDeploy, onChanged }: { cluster: ClusterSummary; canDeploy: boolean; onChanged: () => void }) {
  const detail = useApi(() => api.cluster(cluster.id), `cluster-${cluster.id}`);
  const tx = useTransaction();
  const deploy = () => {
    const d = detail.data;
    if (!d?.params) return;
    const params = checkParamsForm(paramsToForm(d.params));
    if (!params.ok) return;
    // The registry already holds the approved name, CDO, parameters and services; the
    // group's seats carry on as founders, so no further founders, partners or links here.
    void tx.run(
      `Deploy “${cluster.name}”`,
      (signer, deployment) =>
        clusterFactory(deployment, signer).deployCluster(cluster.id, {
          name: d.name,
          cdo: d.cdo,
          params: params.value,
          serviceIds: d.enabledServices,
          founders: [],
          partners: [],
          links: [],
        }),
      onChanged,
    );
  };
  return (
    <div className="card" data-forming-id={cluster.id}>
      <div className="card-head">
        <h2 className="with-badge">
          <Link to={`/clusters/${cluster.id}`}>{cluster.name}</Link> <StatusBadge status={cluster.status} />
        </h2>
        {canDeploy && (
          <button type="button" className="button primary" disabled={tx.busy || !detail.data} onClick={deploy}>
            Deploy cluster
          </button>
        )}
      </div>
      <p className="muted small">The group voted for it. The CDC deploys its contracts through the factory and it becomes active.</p>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
