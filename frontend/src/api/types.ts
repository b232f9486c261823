// Response shapes of the platform's REST API, derived from the backend's zod schemas (the
// source of truth; the same schemas generate /api/openapi.json). Type-only imports: nothing
// of the backend ends up in the browser bundle.
import type { z } from "zod";
import { CLUSTER_STATUSES as ALL_CLUSTER_STATUSES, withoutNone } from "../../../core/chain/enums.js";
import type * as auth from "../../../core/api/schemas/auth.js";
import type * as clusters from "../../../core/api/schemas/clusters.js";
import type * as services from "../../../core/api/schemas/services.js";
import type * as status from "../../../core/api/schemas/status.js";
import type * as names from "../../../core/api/schemas/names.js";

export type PlatformStatus = z.output<typeof status.platformStatus>;
export type ContractName = keyof PlatformStatus["contracts"];
export type AccountName = z.output<typeof names.accountName>;

export type Service = z.output<typeof services.service>;
export type ServiceVersion = z.output<typeof services.serviceVersion>;
export type RepositoryName = Service["repository"];
export type ServiceSettings = z.output<typeof services.serviceSettings>;
export type StoredSettings = z.output<typeof services.storedSettings>;
export type SettingsObject = z.output<typeof services.settingsObject>;

export type ClusterSummary = z.output<typeof clusters.clusterSummary>;
export type ClusterStatus = ClusterSummary["status"];
export type ClusterDetail = z.output<typeof clusters.clusterDetail>;
export type SecurityParams = z.output<typeof clusters.securityParams>;
export type StatusChange = z.output<typeof clusters.statusChange>;
export type ConfigHistoryEntry = z.output<typeof clusters.configChange>;
export type ConfigChange = ConfigHistoryEntry["change"];
export type Member = z.output<typeof clusters.member>;
export type ClusterNetwork = z.output<typeof clusters.network>;
export type NetworkNode = z.output<typeof clusters.networkNode>;
export type NetworkLink = z.output<typeof clusters.networkLink>;

export type AdmissionPolicyName = SecurityParams["admissionPolicy"];
export type MemberKindName = Member["kind"];
export type RoleName = Member["role"];
export type FlowKindName = NetworkLink["kind"];

export type Me = z.output<typeof auth.me>;
export type SignInResult = z.output<typeof auth.session>;
export type ClusterRole = Me["roles"]["clusters"][number];

export const CLUSTER_STATUSES: readonly ClusterStatus[] = withoutNone(ALL_CLUSTER_STATUSES);

import type * as documents from "../../../core/api/schemas/documents.js";
import type * as agreements from "../../../core/api/schemas/agreements.js";
import type * as clearing from "../../../core/api/schemas/clearing.js";

export type DirectoryEntry = z.output<typeof clusters.directoryEntry>;

export type DocumentSummary = z.output<typeof documents.documentSummary>;
export type DocumentDetail = z.output<typeof documents.documentDetail>;
export type DocumentKindName = DocumentSummary["kind"];
export type UploadResult = z.output<typeof documents.uploadResult>;
export type Verification = z.output<typeof documents.verification>;

export type AgreementSummary = z.output<typeof agreements.agreementSummary>;
export type AgreementDetail = z.output<typeof agreements.agreementDetail>;
export type AgreementKindName = AgreementSummary["kind"];
export type Milestone = z.output<typeof agreements.milestone>;

export type MemberObligation = z.output<typeof clearing.memberObligation>;
export type ObligationsShown = z.output<typeof clearing.obligationsQuery>["show"];
export type ClearingOverview = z.output<typeof clearing.clearingOverview>;
export type ClearingCycle = z.output<typeof clearing.cycle>;
export type SetOffSolution = z.output<typeof clearing.solution>;
export type UnwindSolution = z.output<typeof clearing.unwindSolution>;
export type StandingProposal = z.output<typeof clearing.standingProposal>;
export type ClearingCycleHistory = z.output<typeof clearing.cycleHistory>;
export type ClearingCycleDetail = z.output<typeof clearing.cycleDetail>;
export type ClearingFlow = z.output<typeof clearing.cycleFlow>;

// Solidity enum orders (index = uint8 value), from the one list in core.
export { AGREEMENT_KINDS, DOCUMENT_KINDS, REPOSITORIES, VOTE_SUPPORT as SUPPORTS } from "../../../core/chain/enums.js";

import type * as governance from "../../../core/api/schemas/governance.js";

export type ProposalSummary = z.output<typeof governance.proposalSummary>;
export type ProposalDetail = z.output<typeof governance.proposalDetail>;
export type ProposalKindName = ProposalSummary["kind"];
export type ProposalStateName = ProposalSummary["state"];
export type Vote = z.output<typeof governance.vote>;
export type SupportName = Vote["support"];
export type Application = z.output<typeof governance.application>;
export type Lifecycle = z.output<typeof governance.lifecycle>;
export type InitiativeRecord = z.output<typeof governance.initiativeRecord>;
export type Initiative = z.output<typeof governance.initiativeItem>;
export type Notification = z.output<typeof governance.notification>;
export type NotificationType = Notification["type"];

export const NOTIFICATION_TYPES: readonly NotificationType[] = ["vote.opened", "vote.closing", "vote.closed", "vote.awaits"];

import type * as network from "../../../core/api/schemas/network.js";

export type NetworkOverview = z.output<typeof network.networkOverview>;
export type NetworkNodeReport = z.output<typeof network.networkNodeReport>;
export type NodeDrift = NonNullable<NetworkNodeReport["lastDrift"]>;
export type AllowlistGap = NonNullable<NetworkNodeReport["nodes"]>;
export type ValidatorsReport = NonNullable<NetworkOverview["validators"]>;
export type OperatorAction = NetworkOverview["actions"][number];
export type RegisteredNode = z.output<typeof network.registeredNode>;
export type RegisteredNodes = z.output<typeof network.registeredNodes>;
export type NodeStatusName = RegisteredNode["status"];
export type NodeRemovalName = NonNullable<RegisteredNode["removal"]>;
