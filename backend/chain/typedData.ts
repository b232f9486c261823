import type { TypedDataDomain } from "ethers";

// EIP-712 types of the documents and agreements components: one definition for the web app,
// the CLI, the benchmark and the tests, matching the type strings hashed in the contracts.

/** What a contract with ERC-5267 (eip712Domain) exposes; both registries do. */
interface Eip712DomainSource {
  eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }>;
}

export const DOCUMENT_SIGNATURE_TYPES = { DocumentSignature: [{ name: "documentId", type: "uint256" }] };
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

/** The signing domain a clone announces through ERC-5267, in the shape ethers' signTypedData takes. */
export async function signingDomain(contract: Eip712DomainSource): Promise<TypedDataDomain> {
  const d = await contract.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}
