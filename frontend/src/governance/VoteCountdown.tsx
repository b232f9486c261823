import type { ProposalSummary } from "../api/types.js";
import { formatRelative, formatTime } from "../ui/format.js";
import type { VotePhase } from "./votePhase.js";

/** "Voting ends in 2 days" / "voting starts in 3 hours" / "voting ended 5 days ago", with the date, on the chain's clock. */
function countdownText(p: Pick<ProposalSummary, "voteStart" | "deadline">, phase: VotePhase, nowMs: number): string {
  if (phase === "upcoming") return `Voting starts ${formatRelative(Date.parse(p.voteStart), nowMs)}`;
  if (phase === "open") return `Voting ends ${formatRelative(Date.parse(p.deadline), nowMs)}`;
  return `Voting ended ${formatRelative(Date.parse(p.deadline), nowMs)}`;
}

export function VoteCountdown({ proposal, phase, now }: { proposal: Pick<ProposalSummary, "voteStart" | "deadline">; phase: VotePhase; now: number }) {
  const at = phase === "upcoming" ? proposal.voteStart : proposal.deadline;
  return (
    <span className="countdown small" data-testid="countdown" data-phase={phase}>
      {countdownText(proposal, phase, now)}{" "}
      <time className="muted nowrap" dateTime={at}>
        ({formatTime(at)})
      </time>
    </span>
  );
}
