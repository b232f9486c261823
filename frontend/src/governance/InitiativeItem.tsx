import { Link } from "react-router-dom";
import { api } from "../api/client.js";
import { usePlatformStatus } from "../api/StatusContext.js";
import type { Initiative } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { clusterRegistry } from "../chain/contracts.js";
import { useChainTime } from "../chain/useChainTime.js";
import { useTransaction } from "../chain/useTransaction.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { TxStatus } from "../ui/TxStatus.js";
import { useWallet } from "../wallet/WalletContext.js";
import { ProposalCard } from "./ProposalCard.js";
import { OUTCOME_TEXT, voteOutcome } from "./voteOutcome.js";

/** One initiative group's vote; once a formation vote is over without passing, anyone closes it as rejected. */
export function InitiativeItem({ initiative, onChanged }: { initiative: Initiative; onChanged: () => void }) {
  const cluster = useApi(() => api.cluster(initiative.clusterId), `cluster-${initiative.clusterId}`);
  const { account } = useWallet();
  const { data: status } = usePlatformStatus();
  // Re-read the chain's clock whenever a new block is seen.
  const now = useChainTime(String(status?.headBlock ?? ""));
  const tx = useTransaction();
  const p = initiative.proposal;
  const outcome = p ? voteOutcome(p, now) : "open";
  const closable = initiative.purpose === "formation" && initiative.status === "voting" && (outcome === "expired" || outcome === "defeated");
  const close = () =>
    void tx.run(
      `Close the initiative “${initiative.name}” as rejected`,
      (signer, deployment) => clusterRegistry(deployment, signer).closeInitiative(initiative.clusterId),
      onChanged,
    );
  return (
    <div className="card" data-initiative-id={initiative.clusterId} data-purpose={initiative.purpose} data-outcome={outcome}>
      <div className="card-head">
        <h2 className="with-badge">
          <Link to={`/clusters/${initiative.clusterId}`}>{initiative.name}</Link> <StatusBadge status={initiative.status} />
        </h2>
        <span className="muted small">{initiative.purpose === "formation" ? "Forming a cluster" : "Dissolving the cluster: its members vote"}</span>
      </div>
      {p ? (
        <ProposalCard clusterId={initiative.clusterId} governor={cluster.data?.components.Governor} proposal={p} onChanged={onChanged} />
      ) : (
        <p className="muted">This initiative was registered without an on-chain vote.</p>
      )}
      {closable && (
        <div className="notice notice-warn" data-testid="initiative-ended">
          <span>{OUTCOME_TEXT[outcome]} Anyone may now close it: the cluster is then recorded as rejected.</span>
          {account && (
            <div className="actions">
              <button type="button" className="button" disabled={tx.busy} onClick={close}>
                Close as rejected
              </button>
            </div>
          )}
        </div>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
