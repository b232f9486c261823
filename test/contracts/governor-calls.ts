// Calls on a cluster's governor that tests and fixtures share: finding a proposal's id, voting,
// executing. Kept apart from the fixtures so fixtures.ts can use them without an import cycle.
import { ethers as ethersLib, type Signer } from "ethers";
import type { ClusterGovernor } from "../../types/typechain/index.js";

export const GOVERNOR = ethersLib.encodeBytes32String("Governor");
export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;

/** The id of the proposal a typed propose call created (from its ProposalCreated event). */
export async function proposalIdOf(governor: ClusterGovernor, tx: Promise<{ wait(): Promise<unknown> }>): Promise<bigint> {
  const receipt = (await (await tx).wait()) as ethersLib.TransactionReceipt;
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
  const events = await governor.queryFilter(governor.filters.ProposalCreated());
  const created = events.find((e) => e.args.proposalId === proposalId);
  if (!created) throw new Error(`No proposal ${proposalId}`);
  return {
    targets: [...created.args.targets],
    values: [...created.args[3]] as bigint[],
    calldatas: [...created.args.calldatas],
    descriptionHash: ethersLib.id(created.args.description),
  };
}

/** Executes a proposal as `signer` (anyone may). */
export async function executeProposal(governor: ClusterGovernor, proposalId: bigint, signer: Signer) {
  const c = await proposalCall(governor, proposalId);
  return governor.connect(signer).execute(c.targets, c.values, c.calldatas, c.descriptionHash);
}
