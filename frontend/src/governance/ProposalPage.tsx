import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { usePolling } from "../api/usePolling.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { usePageTitle } from "../ui/usePageTitle.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { ballotFromHash } from "./ballotLink.js";
import { KIND_LABEL } from "./labels.js";
import { ProposalView } from "./ProposalCard.js";

/**
 * One proposal's own page (/clusters/:clusterId/proposals/:proposalId): a link to it is what a
 * notification, a colleague or a signed ballot passes on. A ballot link (#ballot=…) fills in the
 * relay form for whoever opens it.
 */
export function ProposalPage() {
  const { cluster, reload: reloadCluster } = useClusterOutlet();
  const proposalId = useParams().proposalId ?? "";
  const location = useLocation();
  const navigate = useNavigate();
  const { session } = useWallet();
  const token = session?.token;
  const detail = useApi(() => api.proposal(cluster.id, proposalId, token), `proposal-${cluster.id}-${proposalId}-${token ?? ""}`);
  usePolling(detail.reload);
  const p = detail.data;
  usePageTitle(p ? `${KIND_LABEL[p.kind]}: ${p.description || "proposal"}` : "Proposal", cluster.name);
  // Back to the list as it was left (its filters), or to the whole list when opened from a link.
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch;
  const back = `/clusters/${cluster.id}/proposals${listSearch ? `?${listSearch}` : ""}`;
  // A ballot link's fragment, handed on as it came (the relay form reads links and ballot text alike).
  const sharedBallot = ballotFromHash(location.hash) === undefined ? undefined : location.hash;
  const changed = () => {
    detail.reload();
    reloadCluster();
  };
  // Once the shared ballot is counted, the link's fragment has done its job.
  const relayedOrChanged = () => {
    if (sharedBallot !== undefined) navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: location.state });
    changed();
  };

  return (
    <div className="tab-body proposal-detail" data-testid="proposal-detail">
      <p className="back-link">
        <Link to={back}>← All proposals</Link>
      </p>
      {sharedBallot !== undefined && !session && (
        <p className="notice notice-info small" data-testid="shared-ballot-sign-in">
          This link carries a member's signed ballot. Connect your wallet and sign in as a member of the cluster to submit it.
        </p>
      )}
      {detail.error && !p && <LoadError error={detail.error} retry={detail.reload} membersOnly="this proposal" />}
      {!p && !detail.error && <Loading what="the proposal" />}
      {p && (
        <>
          <h2 className="proposal-title">{p.description || `${KIND_LABEL[p.kind]} proposal`}</h2>
          <ProposalView
            clusterId={cluster.id}
            governor={cluster.components.Governor}
            proposal={p}
            detail={p}
            reloadDetail={detail.reload}
            onChanged={relayedOrChanged}
            sharedBallot={sharedBallot}
            asPage
          />
        </>
      )}
    </div>
  );
}
