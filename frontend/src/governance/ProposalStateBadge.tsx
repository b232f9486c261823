import type { ProposalStateName } from "../api/types.js";
import { PHASE_HINT, PHASE_LABEL, PHASE_TONE, type VotePhase } from "./votePhase.js";

/**
 * The proposal's state as the reader's phase (votePhase): a defeat for want of quorum reads
 * "Expired" (too few voted), not a vote against. data-proposal-state keeps the index's state.
 */
export function ProposalStateBadge({ state, phase }: { state: ProposalStateName; phase: VotePhase }) {
  return (
    <span
      className={`badge tone-${PHASE_TONE[phase]}`}
      data-proposal-state={state}
      data-phase={phase}
      data-expired={phase === "expired" || undefined}
      title={PHASE_HINT[phase]}
    >
      {PHASE_LABEL[phase]}
    </span>
  );
}
