import type { ProposalSummary } from "../api/types.js";

/**
 * Where a proposal stands for the person looking at it, judged on the chain's clock: one value
 * that the badge, the countdown and the buttons all read, so they cannot disagree.
 * - upcoming: voting has not opened (a vote sent now would land before the snapshot);
 * - open: a vote sent now is counted;
 * - counting: the deadline has passed on the chain but the index has not judged it yet;
 * - the rest are the governor's outcomes; "expired" is a defeat for want of quorum.
 */
export type VotePhase = "upcoming" | "open" | "counting" | "passed" | "executed" | "defeated" | "expired" | "canceled" | "vetoed";

type Judged = Pick<ProposalSummary, "state" | "voteStart" | "deadline" | "quorum">;

export function votePhase(p: Judged, nowMs: number): VotePhase {
  switch (p.state) {
    case "executed":
      return "executed";
    case "canceled":
      return "canceled";
    case "vetoed":
      return "vetoed";
    case "succeeded":
      return "passed";
    case "defeated":
      return p.quorum.reached ? "defeated" : "expired";
  }
  // Pending or active. A vote sent now lands in a later block (time > now): the governor takes it
  // once that time is past the snapshot and not past the deadline. votingDelay is 0, so a
  // proposal the index still calls pending (made in the latest block) already takes votes.
  const now = Math.floor(nowMs / 1000);
  const start = Date.parse(p.voteStart) / 1000;
  const end = Date.parse(p.deadline) / 1000;
  if (end <= now) return "counting";
  if (p.state === "pending" && start > now) return "upcoming";
  return "open";
}

/** No vote counts any more: the deadline passed, or the proposal was decided otherwise. */
export function votingOver(phase: VotePhase): boolean {
  return phase !== "upcoming" && phase !== "open";
}

export const PHASE_LABEL: Record<VotePhase, string> = {
  upcoming: "Pending",
  open: "Voting",
  counting: "Counting",
  passed: "Passed",
  executed: "Executed",
  defeated: "Defeated",
  expired: "Expired",
  canceled: "Canceled",
  vetoed: "Vetoed",
};

export const PHASE_TONE: Record<VotePhase, "neutral" | "info" | "good" | "warn" | "bad" | "accent"> = {
  upcoming: "neutral",
  open: "info",
  counting: "neutral",
  passed: "accent",
  executed: "good",
  defeated: "bad",
  expired: "neutral",
  canceled: "neutral",
  vetoed: "bad",
};

export const PHASE_HINT: Partial<Record<VotePhase, string>> = {
  counting: "The vote has ended; the platform is counting it",
  expired: "The vote ended without reaching its quorum",
  vetoed: "A core member vetoed it: it can no longer pass",
};
