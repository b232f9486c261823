import { z } from "zod";
import { pageQuery } from "./page.js";
import { ADMISSION_POLICIES, CLUSTER_STATUSES, FLOW_KINDS, MEMBER_KINDS, MEMBER_ROLES, withoutNone } from "../../chain/enums.js";
import { address, isoTime, txHash } from "./common.js";
import { apiSchemas } from "./registry.js";

const clusterStatus = z.enum(withoutNone(CLUSTER_STATUSES));
export const memberRole = z.enum(withoutNone(MEMBER_ROLES));

export const clusterSummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    cdo: address,
    status: clusterStatus,
    configVersion: z.number().int(),
    memberCount: z.number().int(),
    membership: address.nullable().describe("The cluster's Membership contract, once deployed"),
    createdAt: isoTime,
  })
  .register(apiSchemas, { id: "ClusterSummary" });

export const clusterList = z.array(clusterSummary).register(apiSchemas, { id: "ClusterList" });

export const CLUSTER_SORTS = ["id", "name", "createdAt"] as const;
export type ClusterSort = (typeof CLUSTER_SORTS)[number];

export const clustersQuery = pageQuery(CLUSTER_SORTS, "id", "name").extend({
  status: clusterStatus.optional().describe("Only clusters in this life-cycle status"),
});

export const MEMBER_SORTS = ["nodeId", "name", "joinedAt"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export const membersQuery = pageQuery(MEMBER_SORTS, "nodeId", "name or address");

export const securityParams = z
  .object({
    votingPeriod: z.number().int().describe("Seconds"),
    quorumBps: z.number().int(),
    approvalThresholdBps: z.number().int(),
    admissionPolicy: z.enum(ADMISSION_POLICIES),
    documentsMustBeEncrypted: z.boolean(),
    coreVeto: z.boolean(),
    clearingCycleLength: z.number().int().describe("Seconds"),
    settlementToken: address,
  })
  .register(apiSchemas, { id: "SecurityParams" });

export const statusChange = z
  .object({
    from: z.enum(CLUSTER_STATUSES),
    to: clusterStatus,
    blockNumber: z.number().int(),
    time: isoTime,
    txHash,
  })
  .register(apiSchemas, { id: "StatusChange" });

export const clusterDetail = clusterSummary
  .extend({
    params: securityParams.nullable(),
    settlementTokenUnit: z
      .object({ decimals: z.number().int(), symbol: z.string() })
      .nullable()
      .describe("The settlement token's ERC-20 decimals and symbol as the platform read them; null until read, or without a token"),
    enabledServices: z.array(z.number().int()),
    components: z.record(z.string(), address).describe("Kind -> address, e.g. { Membership: 0x... }"),
    statusHistory: z.array(statusChange).describe("Oldest first"),
  })
  .register(apiSchemas, { id: "ClusterDetail" });

const provenance = { blockNumber: z.number().int(), time: isoTime, txHash };

export const configChange = z
  .object({
    configVersion: z.number().int(),
    change: z.discriminatedUnion("type", [
      z.object({ type: z.literal("params"), params: securityParams }),
      z.object({ type: z.enum(["serviceEnabled", "serviceDisabled"]), serviceId: z.number().int() }),
      z.object({
        type: z.literal("serviceSettings"),
        serviceId: z.number().int(),
        settingsCid: z.string().nullable().describe("The settings document in the content store; null: back to the manifest's defaults"),
      }),
    ]),
    ...provenance,
  })
  .register(apiSchemas, { id: "ConfigChange" });

export const configHistory = z.array(configChange).register(apiSchemas, { id: "ConfigHistory" });

export const member = z
  .object({
    address,
    nodeId: z.number().int(),
    name: z.string(),
    kind: z.enum(MEMBER_KINDS),
    role: memberRole,
    registrationCid: z.string(),
    hasEncryptionKey: z.boolean(),
    joinedAt: isoTime,
  })
  .register(apiSchemas, { id: "Member" });

export const memberList = z.array(member).register(apiSchemas, { id: "MemberList" });

export const directoryEntry = member
  .extend({ encryptionKey: z.string().nullable().describe("0x hex public key, null until the member sets one") })
  .register(apiSchemas, { id: "DirectoryEntry" });

export const directory = z.array(directoryEntry).register(apiSchemas, { id: "Directory" });

export const networkNode = z
  .object({
    id: z.number().int().describe("Node id (a member's is also its seat token id)"),
    type: z.enum(["member", "partner"]),
    label: z.string(),
    kind: z.enum(MEMBER_KINDS).optional(),
    role: memberRole.optional().describe("Absent for partners and expelled members"),
    address: address.optional(),
  })
  .register(apiSchemas, { id: "NetworkNode" });

export const networkLink = z
  .object({
    id: z.number().int(),
    from: z.number().int(),
    to: z.number().int(),
    kind: z.enum(FLOW_KINDS),
    clusterActivity: z.boolean(),
    source: z
      .literal("agreement")
      .optional()
      .describe("Present on links of an active agreement between its parties (negative ids); absent on the CDO's links (ids from 1)"),
    agreementId: z.number().int().optional().describe("The agreement behind a link of source agreement"),
  })
  .register(apiSchemas, { id: "NetworkLink" });

export const network = z
  .object({ clusterId: z.number().int(), nodes: z.array(networkNode), links: z.array(networkLink) })
  .register(apiSchemas, { id: "Network" });
