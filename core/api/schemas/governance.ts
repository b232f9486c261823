import { z } from "zod";
import { pageQuery } from "./page.js";
import { ADMISSION_POLICIES, APPLICATION_STATUSES, CLUSTER_STATUSES, MEMBER_KINDS, PROPOSAL_KINDS, VOTE_SUPPORT, withoutNone } from "../../chain/enums.js";
import { address, idString, isoTime, txHash } from "./common.js";
import { memberRole, securityParams, statusChange } from "./clusters.js";
import { apiSchemas } from "./registry.js";

export const PROPOSAL_STATES = ["pending", "active", "defeated", "succeeded", "executed", "canceled", "vetoed"] as const;

/** A uint256 proposal id: decimal, no sign, no leading zeros. */
const proposalId = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/)
  .describe("uint256 proposal id, decimal");

export const proposalParams = z.object({
  id: idString.describe("Cluster id"),
  proposalId: proposalId,
});

export const PROPOSAL_SORTS = ["created"] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

export const APPLICATION_SORTS = ["id", "submittedAt"] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];

export const applicationsQuery = pageQuery(APPLICATION_SORTS, "id", "applicant's name or address");

export const proposalsQuery = pageQuery(PROPOSAL_SORTS, "created", "description or proposer address").extend({
  state: z.enum(PROPOSAL_STATES).optional().describe("Only proposals in this state"),
});

const profile = z.object({ name: z.string(), kind: z.enum(MEMBER_KINDS), registrationCid: z.string() });

export const proposalPayload = z
  .object({
    applicant: address.optional().describe("admission"),
    profile: profile.optional().describe("admission"),
    role: memberRole.optional().describe("admission, role"),
    member: address.optional().describe("expulsion, role"),
    newCdo: address.optional().describe("cdo"),
    params: securityParams.optional().describe("params"),
    serviceId: z.number().int().optional().describe("service, settings"),
    enabled: z.boolean().optional().describe("service"),
    settingsCid: z.string().nullable().optional().describe("settings: the proposed settings document; null: back to the manifest's defaults"),
  })
  .describe("What the proposal does, by kind; null for dissolution and formation")
  .register(apiSchemas, { id: "ProposalPayload" });

export const proposalSummary = z
  .object({
    id: proposalId,
    clusterId: z.number().int(),
    kind: z.enum(PROPOSAL_KINDS),
    proposer: address,
    description: z.string(),
    payload: proposalPayload.nullable(),
    voteStart: isoTime.describe("The snapshot: seats held then count"),
    deadline: isoTime.describe("Last second votes are accepted"),
    state: z
      .enum(PROPOSAL_STATES)
      .describe("From the outcome, the tally and the deadline against the latest indexed block's time; vetoed once a core member vetoed"),
    rules: z.object({
      quorumBps: z.number().int().nullable(),
      approvalThresholdBps: z.number().int().nullable(),
      vetoable: z.boolean(),
      coreOnly: z.boolean(),
    }),
    tally: z.object({ for: z.number().int(), against: z.number().int(), abstain: z.number().int() }),
    quorum: z.object({
      counted: z.number().int().describe("for + abstain"),
      required: z.number().int().nullable().describe("ceil(quorumBps x seats at the snapshot / 10000)"),
      reached: z.boolean(),
    }),
    vetoedBy: address.nullable(),
    createdAt: isoTime,
    blockNumber: z.number().int(),
    txHash,
  })
  .register(apiSchemas, { id: "Proposal" });

export const proposalList = z.array(proposalSummary).register(apiSchemas, { id: "ProposalList" });

export const vote = z
  .object({
    voter: address,
    support: z.enum(VOTE_SUPPORT),
    weight: z.number().int(),
    reason: z.string(),
    bySignature: z.boolean().describe("Cast with castVoteBySig: someone else submitted the signed ballot"),
    blockNumber: z.number().int(),
    time: isoTime,
    txHash,
  })
  .register(apiSchemas, { id: "Vote" });

export const proposalDetail = proposalSummary
  .extend({
    votes: z.array(vote).describe("In chain order"),
    myVote: vote.nullable().describe("The signed-in caller's vote (bearer token), null without one or if not voted"),
    asOf: isoTime.describe("Time of the latest indexed block, against which the state is judged"),
  })
  .register(apiSchemas, { id: "ProposalDetail" });

export const application = z
  .object({
    id: z.number().int(),
    applicant: address,
    profile,
    role: memberRole,
    policy: z.enum(ADMISSION_POLICIES),
    proposalId: proposalId.nullable().describe("The admission vote (null under cdoDecision and until a member sponsors it)"),
    proposalState: z.enum(PROPOSAL_STATES).nullable(),
    status: z.enum(withoutNone(APPLICATION_STATUSES)).describe("awaitingSponsor: under a vote policy, until a member sponsors it"),
    sponsor: address.nullable().describe("The member that opened the admission vote"),
    decidedBy: address.nullable().describe("The CDO, or the governor when the vote admitted the applicant"),
    decidedAt: isoTime.nullable(),
    submittedAt: isoTime,
    txHash,
  })
  .register(apiSchemas, { id: "Application" });

export const applicationList = z.array(application).register(apiSchemas, { id: "ApplicationList" });

export const initiativeRecord = z
  .object({
    purpose: z.enum(["formation", "dissolution"]),
    proposalId,
    registeredBy: address,
    time: isoTime,
    txHash,
  })
  .register(apiSchemas, { id: "InitiativeRecord" });

export const lifecycle = z
  .object({
    clusterId: z.number().int(),
    status: z.enum(CLUSTER_STATUSES),
    history: z.array(statusChange).describe("Oldest first"),
    dissolvingSince: isoTime.nullable(),
    windDownPeriod: z.number().int().describe("Seconds: the cluster's own, fixed when it was registered"),
    windDownEndsAt: isoTime.nullable().describe("dissolvingSince + the cluster's wind-down period, while dissolving"),
    initiatives: z.array(initiativeRecord),
  })
  .register(apiSchemas, { id: "Lifecycle" });

export const initiativeItem = z
  .object({
    clusterId: z.number().int(),
    name: z.string(),
    status: z.enum(CLUSTER_STATUSES),
    purpose: z.enum(["formation", "dissolution"]),
    registeredBy: address.nullable(),
    proposal: proposalSummary.nullable().describe("The group's vote (null for an initiative registered without a governor)"),
  })
  .register(apiSchemas, { id: "Initiative" });

export const initiativeList = z.array(initiativeItem).register(apiSchemas, { id: "InitiativeList" });

export const feedQuery = z.object({
  lastEventId: z
    .string()
    .regex(/^[0-9]+$/)
    .optional()
    .describe("Resume after this event id (as the Last-Event-ID header)"),
});

export const notification = z
  .object({
    type: z.enum(["vote.opened", "vote.closing", "vote.closed", "vote.awaits"]).describe("Also the SSE event name"),
    clusterId: z.number().int(),
    clusterName: z.string(),
    proposalId,
    kind: z.enum(PROPOSAL_KINDS),
    description: z.string(),
    state: z.enum(PROPOSAL_STATES),
    deadline: isoTime,
    secondsLeft: z.number().int(),
    asOf: isoTime,
  })
  .describe(
    "One server-sent event's data. id: the indexed block number. vote.closing: at most max(10 % of the voting period, 1 h) left (capped at half the period)",
  )
  .register(apiSchemas, { id: "Notification" });
