import type { Signer } from "ethers";
import { proposalById } from "../../../core/chain/governor.js";
import { governorAt } from "../chain/contracts.js";
import type { SupportName } from "../api/types.js";
import { SUPPORTS } from "../api/types.js";
import { signBallot, type Ballot } from "./ballot.js";
import type { CheckedProposal } from "./proposalForm.js";

// The governor's writes as the web app sends them. Execution needs the proposal's exact
// targets, values and calldatas: OpenZeppelin's Governor keeps only their hash, so they are
// read back from the ProposalCreated event of the block the index says the proposal was made in.

export async function executeProposal(signer: Signer, governor: string, proposalId: string, blockNumber: number) {
  const g = governorAt(governor, signer);
  const p = await proposalById(g, BigInt(proposalId), { from: blockNumber, to: blockNumber });
  return g.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
}

export function supportValue(support: SupportName): number {
  return SUPPORTS.indexOf(support);
}

export async function castVote(signer: Signer, governor: string, proposalId: string, support: SupportName, reason: string) {
  const g = governorAt(governor, signer);
  return reason.trim() ? g.castVoteWithReason(proposalId, supportValue(support), reason.trim()) : g.castVote(proposalId, supportValue(support));
}

/** The voter signs a ballot for the proposal (no transaction, no gas); someone else relays it. */
export async function signBallotFor(signer: Signer, governor: string, proposalId: string, support: SupportName): Promise<Ballot> {
  const g = governorAt(governor, signer);
  const [nonce, network] = await Promise.all([g.nonces(await signer.getAddress()), signer.provider!.getNetwork()]);
  return signBallot(signer, governor, Number(network.chainId), proposalId, support, nonce);
}

/** A relayer submits a voter's signed ballot (castVoteBySig); the relayer pays the gas. */
export async function relayBallot(signer: Signer, ballot: Ballot) {
  const g = governorAt(ballot.governor, signer);
  // The governor would only say the signature is not the voter's; a used nonce has a clearer cause.
  if ((await g.nonces(ballot.voter)).toString() !== ballot.nonce)
    throw new Error(`This ballot of ${ballot.voter} was already submitted, or the voter has signed a newer one.`);
  return g.castVoteBySig(ballot.proposalId, supportValue(ballot.support), ballot.voter, ballot.signature);
}

/** Makes the proposal a checked New proposal form describes (see proposalForm.ts). */
export function sendProposal(signer: Signer, governor: string, { description, call }: CheckedProposal) {
  const g = governorAt(governor, signer);
  switch (call.kind) {
    case "admission":
      return g.proposeAdmission(call.account, call.profile, call.role, description);
    case "expulsion":
      return g.proposeExpulsion(call.member, description);
    case "role":
      return g.proposeRole(call.member, call.role, description);
    case "cdo":
      return g.proposeCdo(call.newCdo, description);
    case "params":
      return g.proposeParams(call.params, description);
    case "service":
      return g.proposeService(call.serviceId, call.enabled, description);
    case "dissolution":
      return g.proposeDissolution(description);
  }
}
