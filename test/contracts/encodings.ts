// Enum encodings and constants of the contracts (COMMON.md), as the ABI carries them: bigint.
import { ethers } from "ethers";
import { componentKindId } from "../../core/chain/componentKinds.js";

export const Status = {
  None: 0n,
  Initiative: 1n,
  Voting: 2n,
  Forming: 3n,
  Active: 4n,
  Dissolving: 5n,
  Dissolved: 6n,
  Rejected: 7n,
} as const;
export type StatusName = keyof typeof Status;

export const Repository = { System: 0n, Basic: 1n, Applied: 2n } as const;
export const ServiceStatus = { None: 0n, Active: 1n, Deprecated: 2n } as const;
export const AdmissionPolicy = { MembersVote: 0n, CoreVote: 1n, CdoDecision: 2n } as const;
export const MemberKind = { Enterprise: 0n, RnDCentre: 1n, University: 2n, ServiceProvider: 3n, Other: 4n } as const;
export const Role = { None: 0n, Participant: 1n, Core: 2n } as const;
export const FlowKind = { Material: 0n, Intellectual: 1n, Service: 2n } as const;

export const CDC_ROLE = ethers.id("CDC_ROLE");
export const FACTORY_ROLE = ethers.id("FACTORY_ROLE");
export const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
export const MEMBERSHIP = componentKindId("Membership");

export const HOUR = 3600;
export const DAY = 24 * HOUR;
