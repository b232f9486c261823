// Response shapes of the platform's REST API (brief COMMON.md, "REST API").
// The backend's zod schemas are the source of truth; these mirror them for the browser bundle,
// which cannot import the backend's Node modules.

export type ClusterStatus =
  | "initiative"
  | "voting"
  | "forming"
  | "active"
  | "dissolving"
  | "dissolved"
  | "rejected";

export const CLUSTER_STATUSES: readonly ClusterStatus[] = [
  "initiative",
  "voting",
  "forming",
  "active",
  "dissolving",
  "dissolved",
  "rejected",
];

export type RepositoryName = "system" | "basic" | "applied";
export const REPOSITORIES: readonly RepositoryName[] = ["system", "basic", "applied"];

export type AdmissionPolicyName = "membersVote" | "coreVote" | "cdoDecision";
export type MemberKindName = "enterprise" | "rndCentre" | "university" | "serviceProvider" | "other";
export type RoleName = "participant" | "core";
export type FlowKindName = "material" | "intellectual" | "service";

export type ContractName = "ServiceCatalog" | "ClusterRegistry" | "ClusterFactory" | "MembershipImpl";

export interface PlatformStatus {
  chainId: number;
  genesisHash: string;
  headBlock: number;
  indexedBlock: number;
  contracts: Record<ContractName, string>;
  clusterCount: number;
  serviceCount: number;
}

export interface ServiceVersion {
  version: string;
  manifestCid: string;
  blockNumber: number;
  txHash: string;
}

export interface Service {
  id: number;
  name: string;
  repository: RepositoryName;
  version: string;
  manifestCid: string;
  status: "active" | "deprecated";
  versions: ServiceVersion[];
}

export interface ClusterSummary {
  id: number;
  name: string;
  cdo: string;
  status: ClusterStatus;
  configVersion: number;
  memberCount: number;
  membership: string | null;
  createdAt: string;
}

export interface SecurityParams {
  votingPeriod: number;
  quorumBps: number;
  approvalThresholdBps: number;
  admissionPolicy: AdmissionPolicyName;
  documentsMustBeEncrypted: boolean;
  coreVeto: boolean;
  clearingCycleLength: number;
  settlementToken: string;
}

export interface StatusChange {
  from: ClusterStatus | "none";
  to: ClusterStatus;
  blockNumber: number;
  time: string;
  txHash: string;
}

export interface ClusterDetail extends ClusterSummary {
  params: SecurityParams;
  enabledServices: number[];
  components: { Membership?: string };
  statusHistory: StatusChange[];
}

export type ConfigChange =
  | { type: "params"; params: SecurityParams }
  | { type: "serviceEnabled" | "serviceDisabled"; serviceId: number };

export interface ConfigHistoryEntry {
  configVersion: number;
  change: ConfigChange;
  blockNumber: number;
  time: string;
  txHash: string;
}

export interface Member {
  address: string;
  nodeId: number;
  name: string;
  kind: MemberKindName;
  role: RoleName;
  registrationCid: string;
  hasEncryptionKey: boolean;
  joinedAt: string;
}

export interface NetworkNode {
  id: number;
  type: "member" | "partner";
  label: string;
  kind?: MemberKindName;
  role?: RoleName;
  address?: string;
}

export interface NetworkLink {
  id: number;
  from: number;
  to: number;
  kind: FlowKindName;
  clusterActivity: boolean;
}

export interface ClusterNetwork {
  clusterId: number;
  nodes: NetworkNode[];
  links: NetworkLink[];
}

export interface ClusterRole {
  clusterId: number;
  cdo: boolean;
  role: RoleName | null;
}

export interface Me {
  address: string;
  roles: { cdc: boolean; clusters: ClusterRole[] };
}

export interface SignInResult {
  token: string;
  address: string;
  expiresAt: string;
  roles: Me["roles"];
}
