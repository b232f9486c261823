import type { ProposalSummary } from "../api/types.js";
import { STATE_LABEL, STATE_TONE } from "./labels.js";

/** The proposal's state; a defeat for want of quorum reads "Expired" (too few voted), not a vote against. */
export function ProposalStateBadge({ proposal }: { proposal: Pick<ProposalSummary, "state" | "quorum"> }) {
  const { state } = proposal;
  const expired = state === "defeated" && !proposal.quorum.reached;
  return (
    <span
      className={`badge tone-${expired ? "neutral" : STATE_TONE[state]}`}
      data-proposal-state={state}
      data-expired={expired || undefined}
      title={expired ? "The vote ended without reaching its quorum" : undefined}
    >
      {expired ? "Expired" : STATE_LABEL[state]}
    </span>
  );
}
