import type { AdmissionPolicyName, ClusterStatus, FlowKindName, MemberKindName, RoleName } from "../api/types.js";

// Solidity enum orders of the contract interfaces (COMMON.md, "Enum encodings").
export const STATUS_ORDER = ["none", "initiative", "voting", "forming", "active", "dissolving", "dissolved", "rejected"] as const satisfies readonly (ClusterStatus | "none")[];
export const ADMISSION_POLICY_ORDER = ["membersVote", "coreVote", "cdoDecision"] as const satisfies readonly AdmissionPolicyName[];
export const MEMBER_KIND_ORDER = ["enterprise", "rndCentre", "university", "serviceProvider", "other"] as const satisfies readonly MemberKindName[];
export const ROLE_ORDER = ["none", "participant", "core"] as const satisfies readonly (RoleName | "none")[];
export const FLOW_KIND_ORDER = ["material", "intellectual", "service"] as const satisfies readonly FlowKindName[];

export function enumIndex<T extends string>(order: readonly T[], value: T): number {
  const index = order.indexOf(value);
  if (index < 0) throw new Error(`Unknown enum value ${value}`);
  return index;
}

export function enumName<T extends string>(order: readonly T[], index: bigint | number): T | string {
  return order[Number(index)] ?? `#${index}`;
}
