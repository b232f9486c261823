import { IClearingHouse__factory } from "../../../types/typechain/index.js";

const iface = IClearingHouse__factory.createInterface();

/**
 * Reverts that only mean "someone (or the clock) got there first": another caller closed the
 * cycle or submitted a better proposal, a window or deadline is a block away, the cluster was
 * suspended or the service disabled between two index batches. The operator re-plans from the
 * index on its next pass; nothing is wrong.
 */
const NOTHING_TO_DO = new Set([
  "NothingToClose",
  "WrongPhase",
  "ChallengeWindowClosed",
  "ChallengeWindowOpen",
  "ApplyPeriodOpen",
  "NoProposal",
  "ProposalNotBetter",
  "ProposalNotInProgress",
  "DeadlineNotReached",
  "DefaultAlreadyRecorded",
  "UnwindUnderway",
  "ClusterNotActive",
  "ServiceDisabled",
]);

export interface DecodedRevert {
  name: string;
  /** e.g. NothingToClose(3, 1767225600) */
  text: string;
  expected: boolean;
}

/** The revert data of an ethers error, wherever the provider put it. */
function revertData(err: unknown, depth = 0): string | null {
  if (depth > 4 || typeof err !== "object" || err === null) return null;
  const e = err as { data?: unknown; error?: unknown; info?: { error?: unknown }; cause?: unknown };
  if (typeof e.data === "string" && /^0x[0-9a-fA-F]{8}/.test(e.data)) return e.data;
  for (const inner of [e.error, e.info?.error, e.cause]) {
    const found = revertData(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The ClearingHouse custom error an estimate or transaction reverted with, decoded with its interface. */
export function decodeRevert(err: unknown): DecodedRevert | null {
  const data = revertData(err);
  if (!data) return null;
  const parsed = iface.parseError(data);
  if (!parsed) return null;
  const text = `${parsed.name}(${parsed.args.map((a: unknown) => String(a)).join(", ")})`;
  return { name: parsed.name, text, expected: NOTHING_TO_DO.has(parsed.name) };
}
