/**
 * The contracts' enums (COMMON.md) by their API names, in on-chain order: the index of a name
 * is its uint8 value. The indexer stores the names and the API returns them.
 */
export const CLUSTER_STATUSES = [
  "none",
  "initiative",
  "voting",
  "forming",
  "active",
  "dissolving",
  "dissolved",
  "rejected",
] as const;
export const REPOSITORIES = ["system", "basic", "applied"] as const;
export const ADMISSION_POLICIES = ["membersVote", "coreVote", "cdoDecision"] as const;
export const MEMBER_KINDS = ["enterprise", "rndCentre", "university", "serviceProvider", "other"] as const;
export const MEMBER_ROLES = ["none", "participant", "core"] as const;
export const FLOW_KINDS = ["material", "intellectual", "service"] as const;

export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];
export type Repository = (typeof REPOSITORIES)[number];
export type AdmissionPolicy = (typeof ADMISSION_POLICIES)[number];
export type MemberKind = (typeof MEMBER_KINDS)[number];
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type FlowKind = (typeof FLOW_KINDS)[number];

/** The name of an on-chain enum value; an unknown value (a newer contract) keeps its number. */
export function enumName<T extends string>(names: readonly T[], value: bigint | number): T | `unknown(${string})` {
  return names[Number(value)] ?? `unknown(${String(value)})`;
}
