import { Link } from "react-router-dom";
import { api } from "../api/client.js";
import type { ProposalDetail, ProposalSummary } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useWallet } from "../wallet/WalletContext.js";
import { proposalPath } from "./ballotLink.js";
import { KIND_LABEL } from "./labels.js";
import { PayloadSummary } from "./PayloadSummary.js";
import { ProposalStateBadge } from "./ProposalStateBadge.js";
import { ProposerName } from "./ProposerName.js";
import { Tally } from "./Tally.js";
import { useVoteClock } from "./useVoteClock.js";
import { VoteActions } from "./VoteActions.js";
import { VoteCountdown } from "./VoteCountdown.js";
import { VoteList } from "./VoteList.js";
import { votePhase } from "./votePhase.js";

/**
 * One proposal in full: what it does, its tally, countdown, votes and the reader's actions. A
 * card of its own where it is listed among other things (an initiative); the body of its page.
 */
export function ProposalView({
  clusterId,
  governor,
  proposal,
  detail,
  reloadDetail,
  onChanged,
  sharedBallot,
  asPage = false,
}: {
  clusterId: number;
  governor: string | undefined;
  proposal: ProposalSummary;
  detail: ProposalDetail | undefined;
  reloadDetail: () => void;
  onChanged: () => void;
  sharedBallot?: string;
  asPage?: boolean;
}) {
  const now = useVoteClock();
  const phase = votePhase(proposal, now);
  const voted = () => {
    reloadDetail();
    onChanged();
  };
  return (
    <article
      className={`card proposal-card${asPage ? " proposal-page" : ""}`}
      data-proposal-id={proposal.id}
      data-kind={proposal.kind}
      data-state={proposal.state}
      data-phase={phase}
      aria-label={asPage ? undefined : `${KIND_LABEL[proposal.kind]} proposal`}
    >
      <div className="card-head">
        <div>
          {asPage ? (
            <p className="with-badge proposal-kind">
              {KIND_LABEL[proposal.kind]} <ProposalStateBadge state={proposal.state} phase={phase} />
            </p>
          ) : (
            <h3 className="with-badge">
              {KIND_LABEL[proposal.kind]} <ProposalStateBadge state={proposal.state} phase={phase} />
            </h3>
          )}
          <p className="muted small">
            {!asPage && <>{proposal.description || "(no description)"} · </>}proposed by <ProposerName proposer={proposal.proposer} />
          </p>
        </div>
        {!asPage && (
          <Link className="small" to={proposalPath(clusterId, proposal.id)}>
            Open proposal
          </Link>
        )}
      </div>
      <PayloadSummary proposal={proposal} />
      <p>
        <VoteCountdown proposal={proposal} phase={phase} now={now} />
      </p>
      <Tally proposal={proposal} phase={phase} />
      <VoteActions
        clusterId={clusterId}
        governor={governor}
        proposal={proposal}
        phase={phase}
        now={now}
        myVote={detail?.myVote ?? null}
        sharedBallot={sharedBallot}
        onVoted={voted}
        onChanged={onChanged}
      />
      <VoteList votes={detail?.votes ?? []} />
    </article>
  );
}

/** A proposal shown among other things (an initiative's vote): it reads its own votes and the caller's. */
export function ProposalCard({
  clusterId,
  governor,
  proposal,
  onChanged,
}: {
  clusterId: number;
  governor: string | undefined;
  proposal: ProposalSummary;
  onChanged: () => void;
}) {
  const token = useWallet().session?.token;
  // Re-read the votes whenever the summary moves (a vote, a state change).
  const detail = useApi(
    () => api.proposal(clusterId, proposal.id, token),
    `${clusterId}-${proposal.id}-${proposal.state}-${proposal.tally.for}-${proposal.tally.against}-${proposal.tally.abstain}-${token ?? ""}`,
  );
  return <ProposalView clusterId={clusterId} governor={governor} proposal={proposal} detail={detail.data} reloadDetail={detail.reload} onChanged={onChanged} />;
}
