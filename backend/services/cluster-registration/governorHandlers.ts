import { ADMISSION_POLICIES, MEMBER_KINDS, MEMBER_ROLES, PROPOSAL_KINDS, VOTE_SUPPORT, enumName } from "../../../core/chain/enums.js";
import { statement } from "../../db/statements.js";
import { ClusterGovernor__factory, IClusterRegistry__factory } from "../../../types/typechain/index.js";
import type {
  AdmissionProposedEvent,
  ApplicationDecidedEvent,
  ApplicationSponsoredEvent,
  ApplicationSubmittedEvent,
  CdoProposedEvent,
  ExpulsionProposedEvent,
  ParamsProposedEvent,
  ProposalCanceledEvent,
  ProposalCreatedEvent,
  ProposalExecutedEvent,
  ProposalVetoedEvent,
  RoleProposedEvent,
  ServiceProposedEvent,
  TypedProposalCreatedEvent,
  VoteCastEvent,
  VoteCastWithParamsEvent,
} from "../../../types/typechain/governance/ClusterGovernor.js";
import { on, type ApplyContext } from "../../indexer/context.js";
import { clusterOfComponent } from "../../indexer/component.js";
import { paramsObject, settingsCidOf } from "./registryHandlers.js";

// The clone's own ABI: it has OpenZeppelin's Governor events beside the typed ones of IClusterGovernor.
const iface = ClusterGovernor__factory.createInterface();
const registryIface = IClusterRegistry__factory.createInterface();
const SET_SERVICE_SETTINGS = registryIface.getFunction("setServiceSettings").selector;

/**
 * What a proposal's call says when the governor emits no event of its own for its kind: a
 * settings proposal (the governor's code-size margin left no room for one) is read from the
 * registry call it will execute.
 */
function payloadFromCall(calldatas: readonly string[]): unknown {
  const call = calldatas[0];
  if (calldatas.length !== 1 || !call?.startsWith(SET_SERVICE_SETTINGS)) return null;
  const [, serviceId, settings] = registryIface.decodeFunctionData("setServiceSettings", call) as unknown as [bigint, bigint, string];
  return { serviceId: Number(serviceId), settingsCid: settingsCidOf(settings) };
}

/** ProposalKind and GovernorCountingSimple's VoteType in on-chain order. */
const TALLY_COLUMN = { against: "against_votes", for: "for_votes", abstain: "abstain_votes" } as const;

async function setPayload(ctx: ApplyContext, proposalId: bigint, payload: unknown): Promise<void> {
  await statement(ctx.db, "UPDATE proposals SET payload_json = ? WHERE cluster_id = ? AND proposal_id = ?").run(
    JSON.stringify(payload),
    clusterOfComponent(ctx),
    proposalId.toString(),
  );
}

async function setOutcome(ctx: ApplyContext, proposalId: bigint, outcome: "executed" | "canceled"): Promise<void> {
  await statement(ctx.db, "UPDATE proposals SET outcome = ?, outcome_block = ?, outcome_at = ? WHERE cluster_id = ? AND proposal_id = ?").run(
    outcome,
    ctx.at.blockNumber,
    ctx.at.time,
    clusterOfComponent(ctx),
    proposalId.toString(),
  );
}

/** The selectors of the governor's by-signature votes (with and without params). */
const BY_SIGNATURE = new Set([iface.getFunction("castVoteBySig").selector, iface.getFunction("castVoteWithReasonAndParamsBySig").selector]);

/**
 * A ballot signed off chain: the transaction called a by-signature vote (whoever sent it), or
 * someone other than the voter sent it (a relay through another contract).
 */
function bySignature(ctx: ApplyContext, voter: string): boolean {
  const tx = ctx.at.transaction;
  return tx !== undefined && (BY_SIGNATURE.has(tx.selector) || tx.sender !== voter);
}

async function recordVote(ctx: ApplyContext, e: { voter: string; proposalId: bigint; support: bigint; weight: bigint; reason: string }): Promise<void> {
  const clusterId = clusterOfComponent(ctx);
  const support = VOTE_SUPPORT[Number(e.support)];
  if (!support) throw new Error(`Vote ${String(e.support)} on proposal ${e.proposalId} is not against/for/abstain`);
  const voter = e.voter.toLowerCase();
  await statement(
    ctx.db,
    `INSERT INTO proposal_votes (cluster_id, proposal_id, voter, support, weight, reason, by_signature, block_number, log_index, time, tx_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    clusterId,
    e.proposalId.toString(),
    voter,
    support,
    e.weight,
    e.reason,
    bySignature(ctx, voter) ? 1 : 0,
    ctx.at.blockNumber,
    ctx.at.logIndex,
    ctx.at.time,
    ctx.at.transactionHash,
  );
  await statement(ctx.db, `UPDATE proposals SET ${TALLY_COLUMN[support]} = ${TALLY_COLUMN[support]} + ? WHERE cluster_id = ? AND proposal_id = ?`).run(
    e.weight,
    clusterId,
    e.proposalId.toString(),
  );
}

export const governorHandlers = [
  on<ProposalCreatedEvent.OutputObject>(iface, "ProposalCreated", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO proposals (cluster_id, proposal_id, governor, kind, proposer, description, vote_start, vote_end,
         vetoable, core_only, for_votes, against_votes, abstain_votes, created_block, created_log, created_at, created_tx)
       VALUES (?, ?, ?, 'none', ?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?, ?, ?)`,
    ).run(
      clusterOfComponent(ctx),
      e.proposalId.toString(),
      ctx.at.address,
      e.proposer.toLowerCase(),
      e.description,
      e.voteStart,
      e.voteEnd,
      ctx.at.blockNumber,
      ctx.at.logIndex,
      ctx.at.time,
      ctx.at.transactionHash,
    );
    const payload = payloadFromCall(e.calldatas);
    if (payload) await setPayload(ctx, e.proposalId, payload);
  }),
  on<TypedProposalCreatedEvent.OutputObject>(iface, "TypedProposalCreated", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    // The governor counts the quorum over the seats at the snapshot (this very block), or over
    // the core members of the moment for a core-only vote: the index holds both right now.
    const seats = (
      (await statement(ctx.db, `SELECT COUNT(*) AS n FROM members WHERE cluster_id = ? AND ${e.coreOnly ? "role = 'core'" : "role <> 'none'"}`).get(
        clusterId,
      )) as {
        n: number;
      }
    ).n;
    const required = (e.quorumBps * BigInt(seats) + 9_999n) / 10_000n;
    await statement(
      ctx.db,
      `UPDATE proposals SET kind = ?, quorum_bps = ?, threshold_bps = ?, vetoable = ?, core_only = ?, required_quorum = ?
       WHERE cluster_id = ? AND proposal_id = ?`,
    ).run(
      enumName(PROPOSAL_KINDS, e.kind),
      e.quorumBps,
      e.approvalThresholdBps,
      e.vetoable ? 1 : 0,
      e.coreOnly ? 1 : 0,
      required,
      clusterId,
      e.proposalId.toString(),
    );
  }),
  on<AdmissionProposedEvent.OutputObject>(iface, "AdmissionProposed", async (ctx, e) => {
    await setPayload(ctx, e.proposalId, {
      applicant: e.account.toLowerCase(),
      profile: { name: e.profile.name, kind: enumName(MEMBER_KINDS, e.profile.kind), registrationCid: e.profile.registrationCid },
      role: enumName(MEMBER_ROLES, e.role),
    });
  }),
  on<ExpulsionProposedEvent.OutputObject>(iface, "ExpulsionProposed", async (ctx, e) => {
    await setPayload(ctx, e.proposalId, { member: e.member.toLowerCase() });
  }),
  on<RoleProposedEvent.OutputObject>(iface, "RoleProposed", async (ctx, e) => {
    await setPayload(ctx, e.proposalId, { member: e.member.toLowerCase(), role: enumName(MEMBER_ROLES, e.role) });
  }),
  on<CdoProposedEvent.OutputObject>(iface, "CdoProposed", async (ctx, e) => {
    await setPayload(ctx, e.proposalId, { newCdo: e.newCdo.toLowerCase() });
  }),
  on<ParamsProposedEvent.OutputObject>(iface, "ParamsProposed", async (ctx, e) => {
    await setPayload(ctx, e.proposalId, { params: paramsObject(e.params) });
  }),
  on<ServiceProposedEvent.OutputObject>(iface, "ServiceProposed", async (ctx, e) => {
    await setPayload(ctx, e.proposalId, { serviceId: Number(e.serviceId), enabled: e.enabled });
  }),
  on<VoteCastEvent.OutputObject>(iface, "VoteCast", recordVote, undefined, { needsTransaction: true }),
  on<VoteCastWithParamsEvent.OutputObject>(iface, "VoteCastWithParams", recordVote, undefined, { needsTransaction: true }),
  on<ProposalVetoedEvent.OutputObject>(iface, "ProposalVetoed", async (ctx, e) => {
    await statement(ctx.db, "UPDATE proposals SET vetoed_by = COALESCE(vetoed_by, ?) WHERE cluster_id = ? AND proposal_id = ?").run(
      e.coreMember.toLowerCase(),
      clusterOfComponent(ctx),
      e.proposalId.toString(),
    );
  }),
  on<ProposalExecutedEvent.OutputObject>(iface, "ProposalExecuted", (ctx, e) => setOutcome(ctx, e.proposalId, "executed")),
  on<ProposalCanceledEvent.OutputObject>(iface, "ProposalCanceled", (ctx, e) => setOutcome(ctx, e.proposalId, "canceled")),
  on<ApplicationSubmittedEvent.OutputObject>(iface, "ApplicationSubmitted", async (ctx, e) => {
    const policy = enumName(ADMISSION_POLICIES, e.policy);
    await statement(
      ctx.db,
      `INSERT INTO applications (cluster_id, application_id, applicant, name, member_kind, registration_cid, role, policy,
         proposal_id, status, submitted_block, submitted_at, tx_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      clusterOfComponent(ctx),
      e.applicationId,
      e.applicant.toLowerCase(),
      e.profile.name,
      enumName(MEMBER_KINDS, e.profile.kind),
      e.profile.registrationCid,
      enumName(MEMBER_ROLES, e.role),
      policy,
      e.proposalId === 0n ? null : e.proposalId.toString(),
      // Under the vote policies an application waits for a member to sponsor it (ApplicationSponsored).
      policy === "cdoDecision" ? "pending" : e.proposalId === 0n ? "awaitingSponsor" : "voting",
      ctx.at.blockNumber,
      ctx.at.time,
      ctx.at.transactionHash,
    );
  }),
  on<ApplicationSponsoredEvent.OutputObject>(iface, "ApplicationSponsored", async (ctx, e) => {
    await statement(ctx.db, "UPDATE applications SET status = 'voting', sponsor = ?, proposal_id = ? WHERE cluster_id = ? AND application_id = ?").run(
      e.sponsor.toLowerCase(),
      e.proposalId.toString(),
      clusterOfComponent(ctx),
      e.applicationId,
    );
  }),
  on<ApplicationDecidedEvent.OutputObject>(iface, "ApplicationDecided", async (ctx, e) => {
    await statement(ctx.db, "UPDATE applications SET status = ?, decided_by = ?, decided_at = ? WHERE cluster_id = ? AND application_id = ?").run(
      e.accepted ? "accepted" : "refused",
      e.decidedBy.toLowerCase(),
      ctx.at.time,
      clusterOfComponent(ctx),
      e.applicationId,
    );
  }),
];
