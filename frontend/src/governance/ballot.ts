import { getAddress, isHexString, verifyTypedData, type Signer } from "ethers";
import type { SupportName } from "../api/types.js";
import { SUPPORTS } from "../api/types.js";
import { signBallotMessage } from "../../../core/chain/governor.js";
import { BALLOT_TYPES, ballotDomain } from "../../../core/chain/typedData.js";

// A signed ballot (OpenZeppelin Governor's EIP-712 Ballot): the voter signs without paying gas
// and hands the text to anyone, who submits it with castVoteBySig. The governor checks the
// signature and the voter's nonce, so a relayer can neither change the vote nor replay it.

export interface Ballot {
  governor: string;
  chainId: number;
  proposalId: string;
  voter: string;
  support: SupportName;
  nonce: string;
  signature: string;
}

const domain = (b: Pick<Ballot, "governor" | "chainId">) => ballotDomain(b.chainId, b.governor);
const message = (b: Omit<Ballot, "signature" | "governor" | "chainId">) => ({
  proposalId: b.proposalId,
  support: SUPPORTS.indexOf(b.support),
  voter: b.voter,
  nonce: b.nonce,
});

/** The voter signs a ballot in the wallet (eth_signTypedData_v4): nothing is sent to the chain. */
export async function signBallot(signer: Signer, governor: string, chainId: number, proposalId: string, support: SupportName, nonce: bigint): Promise<Ballot> {
  const voter = (await signer.getAddress()).toLowerCase();
  const unsigned = { governor: governor.toLowerCase(), chainId, proposalId, voter, support, nonce: nonce.toString() };
  const signature = await signBallotMessage(signer, chainId, unsigned.governor, message(unsigned));
  return { ...unsigned, signature };
}

export const encodeBallot = (b: Ballot): string => JSON.stringify(b);

/** Reads a ballot pasted by a relayer; the error says what is wrong with it, for this proposal. */
export function decodeBallot(text: string, expected: { governor: string; chainId: number; proposalId: string }): { ballot?: Ballot; error?: string } {
  let raw: Partial<Record<keyof Ballot, unknown>>;
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return { error: "This is not a signed ballot: paste the link the voter passed on." };
  }
  const { governor, chainId, proposalId, voter, support, nonce, signature } = raw;
  if (typeof governor !== "string" || typeof voter !== "string" || typeof proposalId !== "string" || typeof nonce !== "string") {
    return { error: "The ballot lacks its governor, voter, proposal or nonce." };
  }
  if (!SUPPORTS.includes(support as SupportName)) return { error: "The ballot's choice must be for, against or abstain." };
  if (typeof signature !== "string" || !isHexString(signature, 65)) return { error: "The ballot's signature is missing or malformed." };
  if (governor.toLowerCase() !== expected.governor.toLowerCase() || chainId !== expected.chainId || proposalId !== expected.proposalId) {
    return { error: `This ballot is for another proposal (${proposalId}), not proposal ${expected.proposalId}.` };
  }
  const ballot: Ballot = { governor, chainId, proposalId, voter: voter.toLowerCase(), support: support as SupportName, nonce, signature };
  try {
    const signer = verifyTypedData(domain(ballot), BALLOT_TYPES, message(ballot), signature);
    if (getAddress(signer) !== getAddress(voter)) return { error: `The signature is not ${voter}'s: the ballot was altered.` };
  } catch {
    return { error: "The ballot's signature cannot be verified." };
  }
  return { ballot };
}
