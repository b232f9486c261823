import type { ProposalSummary } from "../api/types.js";

export type VoteOutcome = "open" | "passed" | "defeated" | "expired" | "canceled";

/**
 * How a vote ended, judged against the chain's clock (`nowMs`, the latest block's time), not only
 * the index's state: a vote whose deadline passed is over even before the index has seen a later
 * block. "expired": it ended without reaching its quorum (nobody, or too few, voted);
 * "defeated": enough voted, but not for it (or a core member vetoed it).
 */
export function voteOutcome(p: ProposalSummary, nowMs: number): VoteOutcome {
  if (p.state === "executed" || p.state === "succeeded") return "passed";
  if (p.state === "canceled") return "canceled";
  if (p.state === "vetoed") return nowMs > Date.parse(p.deadline) ? "defeated" : "open";
  if ((p.state === "pending" || p.state === "active") && nowMs <= Date.parse(p.deadline)) return "open";
  if (!p.quorum.reached) return "expired";
  const { for: yes, against: no } = p.tally;
  const threshold = p.rules.approvalThresholdBps ?? 10_000;
  return yes > 0 && yes * 10_000 >= threshold * (yes + no) ? "passed" : "defeated";
}

export const OUTCOME_TEXT: Record<Exclude<VoteOutcome, "open" | "passed">, string> = {
  expired: "The vote ended without reaching its quorum: the initiative expired.",
  defeated: "The vote ended against it: the initiative was defeated.",
  canceled: "The vote was canceled.",
};
