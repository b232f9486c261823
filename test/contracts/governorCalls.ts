// Calls on a cluster's governor that tests and fixtures share: finding a proposal's id, voting,
// executing. Kept apart from the fixtures so fixtures.ts can use them without an import cycle.
import type { Signer, TransactionReceipt } from "ethers";
import { proposalById } from "../../core/chain/governor.js";
import type { ClusterGovernor } from "../../types/typechain/index.js";

export { GOVERNOR_KIND as GOVERNOR, Vote } from "../../core/chain/governor.js";

/** The id of the proposal a typed propose call created (from its ProposalCreated event). */
export async function proposalIdOf(governor: ClusterGovernor, tx: Promise<{ wait(): Promise<unknown> }>): Promise<bigint> {
  const receipt = (await (await tx).wait()) as TransactionReceipt;
  for (const log of receipt.logs) {
    try {
      const parsed = governor.interface.parseLog(log);
      if (parsed?.name === "ProposalCreated") return parsed.args.proposalId as bigint;
    } catch {
      // another contract's log
    }
  }
  throw new Error("No ProposalCreated in the transaction");
}

/** Each signer votes `support` on the proposal. */
export async function voteAll(governor: ClusterGovernor, proposalId: bigint, voters: Signer[], support: number) {
  for (const v of voters) await governor.connect(v).castVote(proposalId, support);
}

/** The arguments `execute` needs for a proposal, read back from its ProposalCreated event. */
export async function proposalCall(governor: ClusterGovernor, proposalId: bigint) {
  return proposalById(governor, proposalId);
}

/** Executes a proposal as `signer` (anyone may). */
export async function executeProposal(governor: ClusterGovernor, proposalId: bigint, signer: Signer) {
  const c = await proposalCall(governor, proposalId);
  return governor.connect(signer).execute(c.targets, c.values, c.calldatas, c.descriptionHash);
}
