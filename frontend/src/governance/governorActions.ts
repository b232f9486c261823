import { id, type Signer } from "ethers";
import { governorAt } from "../chain/contracts.js";
import type { SupportName } from "../api/types.js";
import { SUPPORTS } from "../api/types.js";

// The governor's writes as the web app sends them. Execution needs the proposal's exact
// targets, values and calldatas: OpenZeppelin's Governor keeps only their hash, so they are
// read back from the ProposalCreated event of the block the index says the proposal was made in.

export async function executeProposal(signer: Signer, governor: string, proposalId: string, blockNumber: number) {
  const g = governorAt(governor, signer);
  const events = await g.queryFilter(g.filters.ProposalCreated(), blockNumber, blockNumber);
  const created = events.find((e) => e.args.proposalId.toString() === proposalId);
  if (!created) throw new Error(`Proposal ${proposalId} was not found in block ${blockNumber}.`);
  const { targets, calldatas, description } = created.args;
  return g.execute([...targets], [...created.args[3]], [...calldatas], id(description));
}

export function supportValue(support: SupportName): number {
  return SUPPORTS.indexOf(support);
}

export async function castVote(signer: Signer, governor: string, proposalId: string, support: SupportName, reason: string) {
  const g = governorAt(governor, signer);
  return reason.trim() ? g.castVoteWithReason(proposalId, supportValue(support), reason.trim()) : g.castVote(proposalId, supportValue(support));
}

/** Signs the EIP-712 ballot (no gas for the voter) and submits it with castVoteBySig; any
 * account could submit the signature, here the same wallet does. */
export async function castVoteBySignature(signer: Signer, governor: string, proposalId: string, support: SupportName) {
  const g = governorAt(governor, signer);
  const voter = await signer.getAddress();
  const [nonce, network] = await Promise.all([g.nonces(voter), signer.provider!.getNetwork()]);
  const domain = { name: "ClusterGovernor", version: "1", chainId: network.chainId, verifyingContract: governor };
  const types = { Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ] };
  const signature = await signer.signTypedData(domain, types, { proposalId, support: supportValue(support), voter, nonce });
  return g.castVoteBySig(proposalId, supportValue(support), voter, signature);
}
