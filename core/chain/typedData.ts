import type { TypedDataDomain } from "ethers";

// EIP-712 types of the governor, documents and agreements components: one definition for the web
// app, the CLI, the benchmark and the tests, matching the type strings hashed in the contracts.

/** What a contract with ERC-5267 (eip712Domain) exposes; both registries do. */
interface Eip712DomainSource {
  eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }>;
}

/** A document signature names the content too, so it cannot be applied to other content under the same id. */
export const DOCUMENT_SIGNATURE_TYPES = {
  DocumentSignature: [
    { name: "documentId", type: "uint256" },
    { name: "cidDigest", type: "bytes32" },
    { name: "contentHash", type: "bytes32" },
  ],
};
export const AGREEMENT_APPROVAL_TYPES = {
  AgreementApproval: [
    { name: "agreementId", type: "uint256" },
    { name: "version", type: "uint32" },
    { name: "terms", type: "Terms" },
  ],
  Terms: [
    { name: "termsCid", type: "bytes32" },
    { name: "termsHash", type: "bytes32" },
    { name: "totalValue", type: "uint256" },
    { name: "milestones", type: "Milestone[]" },
  ],
  Milestone: [
    { name: "deliverer", type: "address" },
    { name: "payer", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "dueDate", type: "uint64" },
  ],
};
export const AGREEMENT_TERMINATION_TYPES = { AgreementTermination: [{ name: "agreementId", type: "uint256" }] };

/** The ballot a voter signs for castVoteBySig (OpenZeppelin Governor 5.1). */
export const BALLOT_TYPES = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** A cluster governor's signing domain: its name and version are constants of ClusterGovernor. */
export function ballotDomain(chainId: bigint | number, governor: string): TypedDataDomain {
  return { name: "ClusterGovernor", version: "1", chainId, verifyingContract: governor };
}

/** The signing domain a clone announces through ERC-5267, in the shape ethers' signTypedData takes. */
export async function signingDomain(contract: Eip712DomainSource): Promise<TypedDataDomain> {
  const d = await contract.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}
