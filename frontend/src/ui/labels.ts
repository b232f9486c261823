import type { AdmissionPolicyName, ClusterStatus, FlowKindName, MemberKindName, RepositoryName, RoleName } from "../api/types.js";

export const STATUS_LABEL: Record<ClusterStatus | "none", string> = {
  none: "None",
  initiative: "Initiative",
  voting: "Voting",
  forming: "Forming",
  active: "Active",
  dissolving: "Dissolving",
  dissolved: "Dissolved",
  rejected: "Rejected",
};

export const REPOSITORY_LABEL: Record<RepositoryName, string> = {
  system: "System",
  basic: "Basic",
  applied: "Applied",
};

export const REPOSITORY_DESCRIPTION: Record<RepositoryName, string> = {
  system: "Authentication, user administration, messaging, cluster and service registration",
  basic: "Document management, e-mail, registration of new members",
  applied: "Customer relations, balance models, corporate clearing, inter-participant contracts",
};

export const ADMISSION_POLICY_LABEL: Record<AdmissionPolicyName, string> = {
  membersVote: "Vote of all members",
  coreVote: "Vote of the core",
  cdoDecision: "Decision of the CDO",
};

export const MEMBER_KIND_LABEL: Record<MemberKindName, string> = {
  enterprise: "Enterprise",
  rndCentre: "R&D centre",
  university: "University",
  serviceProvider: "Service provider",
  other: "Other",
};

export const ROLE_LABEL: Record<RoleName, string> = {
  participant: "Participant",
  core: "Core",
};

export const FLOW_KIND_LABEL: Record<FlowKindName, string> = {
  material: "Material goods",
  intellectual: "Intellectual value",
  service: "Services",
};
