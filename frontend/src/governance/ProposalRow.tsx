import { Link } from "react-router-dom";
import type { ProposalSummary } from "../api/types.js";
import { proposalPath } from "./ballotLink.js";
import { KIND_LABEL } from "./labels.js";
import { PayloadSummary } from "./PayloadSummary.js";
import { ProposalStateBadge } from "./ProposalStateBadge.js";
import { ProposerName } from "./ProposerName.js";
import { CompactTally } from "./Tally.js";
import { VoteCountdown } from "./VoteCountdown.js";
import type { VotePhase } from "./votePhase.js";

/** One proposal in the list: kind, what it does in a line, its state, tally and countdown; its title opens its page. */
export function ProposalRow({
  clusterId,
  proposal,
  phase,
  now,
  listSearch,
}: {
  clusterId: number;
  proposal: ProposalSummary;
  phase: VotePhase;
  now: number;
  listSearch: string;
}) {
  const title = proposal.description || KIND_LABEL[proposal.kind];
  return (
    <li className="proposal-row" data-proposal-id={proposal.id} data-kind={proposal.kind} data-state={proposal.state} data-phase={phase}>
      <div className="proposal-row-head">
        <span className="proposal-row-kind">{KIND_LABEL[proposal.kind]}</span>
        <ProposalStateBadge state={proposal.state} phase={phase} />
        <span className="proposal-row-by">
          by <ProposerName proposer={proposal.proposer} />
        </span>
      </div>
      <h3 className="proposal-row-title">
        {/* The list's filters ride along, so the page's back link returns to the same list. */}
        <Link to={proposalPath(clusterId, proposal.id)} state={{ listSearch }}>
          {title}
        </Link>
      </h3>
      <PayloadSummary proposal={proposal} className="small muted proposal-row-summary" />
      <div className="proposal-row-foot">
        <CompactTally proposal={proposal} phase={phase} />
        <VoteCountdown proposal={proposal} phase={phase} now={now} />
      </div>
    </li>
  );
}
