/**
 * The contracts' enums by their API names, in on-chain order: the index of a name is its uint8
 * value. This is the one place they are written in TypeScript; test/contracts/enums.test.ts
 * holds every list against the compiler's own definition (case aside), so a reordered or added
 * value in Solidity fails the build instead of shifting meanings. The indexer stores the names
 * and the API returns them.
 */
export const REPOSITORIES = ["system", "basic", "applied"] as const;
export const SERVICE_STATUSES = ["none", "active", "deprecated"] as const;
export const CLUSTER_STATUSES = ["none", "initiative", "voting", "forming", "active", "dissolving", "dissolved", "rejected"] as const;
export const ADMISSION_POLICIES = ["membersVote", "coreVote", "cdoDecision"] as const;
export const MEMBER_KINDS = ["enterprise", "rndCentre", "university", "serviceProvider", "other"] as const;
export const MEMBER_ROLES = ["none", "participant", "core"] as const;
export const FLOW_KINDS = ["material", "intellectual", "service"] as const;
export const DOCUMENT_KINDS = ["registration", "contract", "report", "invoice", "other"] as const;
export const DOCUMENT_STATUSES = ["none", "active", "revoked", "superseded"] as const;
export const SIGNER_STATUSES = ["none", "pending", "signed"] as const;
export const PROPOSAL_KINDS = ["none", "admission", "expulsion", "params", "service", "dissolution", "formation", "role", "cdo", "settings"] as const;
export const APPLICATION_STATUSES = ["none", "pending", "voting", "accepted", "refused", "awaitingSponsor"] as const;
export const AGREEMENT_KINDS = ["supply", "rnd", "licence", "services", "other"] as const;
export const AGREEMENT_STATUSES = ["none", "draft", "active", "disputed", "completed", "terminated"] as const;
export const MILESTONE_STATUSES = ["none", "proposed", "pending", "delivered", "accepted", "superseded"] as const;
export const OBLIGATION_STATUSES = ["none", "proposed", "confirmed", "cancelled", "settled"] as const;
export const CYCLE_PHASES = ["none", "open", "proposing", "applying", "funding", "settled", "defaulted", "unwinding"] as const;
export const CLEARING_PROPOSAL_STATES = ["none", "inProgress", "submitted", "abandoned"] as const;
export const NODE_STATUSES = ["none", "pending", "approved", "rejected", "removed"] as const;
export const NODE_REMOVALS = ["withdrawn", "revoked", "ownerLeft"] as const;
/** OpenZeppelin Governor's ProposalState and GovernorCountingSimple's VoteType. */
export const GOVERNOR_STATES = ["pending", "active", "canceled", "defeated", "succeeded", "queued", "expired", "executed"] as const;
export const VOTE_SUPPORT = ["against", "for", "abstain"] as const;

/** Each list by the Solidity enum it mirrors (canonical name), for the test against the compiler output. */
export const ON_CHAIN_ENUMS: Readonly<Record<string, readonly string[]>> = {
  "IServiceCatalog.Repository": REPOSITORIES,
  "IServiceCatalog.ServiceStatus": SERVICE_STATUSES,
  "IClusterRegistry.Status": CLUSTER_STATUSES,
  "IClusterRegistry.AdmissionPolicy": ADMISSION_POLICIES,
  "IMembership.MemberKind": MEMBER_KINDS,
  "IMembership.Role": MEMBER_ROLES,
  "IMembership.FlowKind": FLOW_KINDS,
  "IDocumentRegistry.DocumentKind": DOCUMENT_KINDS,
  "IDocumentRegistry.DocumentStatus": DOCUMENT_STATUSES,
  "IDocumentRegistry.SignerStatus": SIGNER_STATUSES,
  "IClusterGovernor.ProposalKind": PROPOSAL_KINDS,
  "IClusterGovernor.ApplicationStatus": APPLICATION_STATUSES,
  "IAgreementRegistry.AgreementKind": AGREEMENT_KINDS,
  "IAgreementRegistry.AgreementStatus": AGREEMENT_STATUSES,
  "IAgreementRegistry.MilestoneStatus": MILESTONE_STATUSES,
  "IClearingHouse.ObligationStatus": OBLIGATION_STATUSES,
  "IClearingHouse.CyclePhase": CYCLE_PHASES,
  "IClearingHouse.ProposalState": CLEARING_PROPOSAL_STATES,
  "INodeRegistry.NodeStatus": NODE_STATUSES,
  "INodeRegistry.Removal": NODE_REMOVALS,
  "IGovernor.ProposalState": GOVERNOR_STATES,
  "GovernorCountingSimple.VoteType": VOTE_SUPPORT,
};

export type Repository = (typeof REPOSITORIES)[number];
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];
export type AdmissionPolicy = (typeof ADMISSION_POLICIES)[number];
export type MemberKind = (typeof MEMBER_KINDS)[number];
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type FlowKind = (typeof FLOW_KINDS)[number];

/** The name of an on-chain enum value; an unknown value (a newer contract) keeps its number. */
export function enumName<T extends string>(names: readonly T[], value: bigint | number): T | `unknown(${string})` {
  return names[Number(value)] ?? `unknown(${String(value)})`;
}

/** The list without its "none" (the value that marks an unknown id): what the API can answer. */
export function withoutNone<T extends string>(names: readonly T[]): [Exclude<T, "none">, ...Exclude<T, "none">[]] {
  return names.filter((n): n is Exclude<T, "none"> => n !== "none") as [Exclude<T, "none">, ...Exclude<T, "none">[]];
}
