// Response shapes of the platform's REST API, derived from the backend's zod schemas (the
// source of truth; the same schemas generate /api/openapi.json). Type-only imports: nothing
// of the backend ends up in the browser bundle.
import type { z } from "zod";
import type * as auth from "../../../backend/api/schemas/auth.js";
import type * as clusters from "../../../backend/api/schemas/clusters.js";
import type * as services from "../../../backend/api/schemas/services.js";
import type * as status from "../../../backend/api/schemas/status.js";

export type PlatformStatus = z.output<typeof status.platformStatus>;
export type ContractName = keyof PlatformStatus["contracts"];

export type Service = z.output<typeof services.service>;
export type ServiceVersion = z.output<typeof services.serviceVersion>;
export type RepositoryName = Service["repository"];

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

export const CLUSTER_STATUSES: readonly ClusterStatus[] = ["initiative", "voting", "forming", "active", "dissolving", "dissolved", "rejected"];
export const REPOSITORIES: readonly RepositoryName[] = ["system", "basic", "applied"];
