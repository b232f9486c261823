import { AGREEMENT_KINDS, AGREEMENT_STATUSES, FLOW_KINDS, enumName } from "../../../core/chain/enums.js";
import { statement } from "../../db/statements.js";
import { IAgreementRegistry__factory } from "../../../types/typechain/index.js";
import type {
  AgreementActivatedEvent,
  AgreementCreatedEvent,
  AgreementSignedEvent,
  AgreementStatusChangedEvent,
  DisputeRaisedEvent,
  MilestoneAcceptedEvent,
  MilestoneDeliveredEvent,
  MilestoneSupersededEvent,
  PaymentObligationCreatedEvent,
  ResolutionSignedEvent,
  TerminationRequestedEvent,
  VersionApprovedEvent,
  VersionProposedEvent,
} from "../../../types/typechain/agreements/IAgreementRegistry.js";
import { on, type ApplyContext } from "../../indexer/context.js";
import { clusterOfComponent } from "../../indexer/component.js";
import { cidFromDigest } from "../../../core/content/cidDigest.js";

const iface = IAgreementRegistry__factory.createInterface();

/** AgreementKind, AgreementStatus and MilestoneStatus in on-chain order. */

async function setMilestone(ctx: ApplyContext, agreementId: bigint, index: bigint, status: string): Promise<void> {
  await statement(ctx.db, "UPDATE agreement_milestones SET status = ? WHERE cluster_id = ? AND agreement_id = ? AND milestone_index = ?").run(
    status,
    clusterOfComponent(ctx),
    agreementId,
    index,
  );
}

export const agreementHandlers = [
  on<AgreementCreatedEvent.OutputObject>(iface, "AgreementCreated", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    await statement(
      ctx.db,
      `INSERT INTO agreements (cluster_id, agreement_id, kind, creator, status, version, proposed_version,
         created_block, created_at, created_tx)
       VALUES (?, ?, ?, ?, 'draft', 0, 0, ?, ?, ?)`,
    ).run(clusterId, e.agreementId, enumName(AGREEMENT_KINDS, e.kind), e.creator.toLowerCase(), ctx.at.blockNumber, ctx.at.time, ctx.at.transactionHash);
    const party = statement(
      ctx.db,
      `INSERT INTO agreement_parties (cluster_id, agreement_id, position, party, signed_version, terminating)
       VALUES (?, ?, ?, ?, 0, 0)`,
    );
    for (const [i, p] of e.parties.entries()) await party.run(clusterId, e.agreementId, i, p.toLowerCase());
  }),
  on<VersionProposedEvent.OutputObject>(iface, "VersionProposed", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    // Terms of the version collecting signatures; they become the agreement's on approval.
    await statement(
      ctx.db,
      `UPDATE agreements SET proposed_version = ?, terms_cid = COALESCE(terms_cid, ?), terms_hash = COALESCE(terms_hash, ?),
         total_value = COALESCE(total_value, ?) WHERE cluster_id = ? AND agreement_id = ?`,
    ).run(e.version, cidFromDigest(e.termsCid), e.termsHash.toLowerCase(), e.totalValue.toString(), clusterId, e.agreementId);
    // A proposal this one replaces was never in force: the contract gives its milestone indices
    // (from firstMilestoneIndex on) to the new version.
    await statement(ctx.db, "DELETE FROM agreement_milestones WHERE cluster_id = ? AND agreement_id = ? AND milestone_index >= ?").run(
      clusterId,
      e.agreementId,
      e.firstMilestoneIndex,
    );
    const insert = statement(
      ctx.db,
      `INSERT INTO agreement_milestones (cluster_id, agreement_id, milestone_index, version, deliverer, payer, amount, due_date, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'proposed')`,
    );
    for (const [i, m] of e.milestones.entries()) {
      await insert.run(
        clusterId,
        e.agreementId,
        e.firstMilestoneIndex + BigInt(i),
        e.version,
        m.deliverer.toLowerCase(),
        m.payer.toLowerCase(),
        m.amount.toString(),
        m.dueDate,
      );
    }
    // Remember the proposed terms beside the milestones so approval can put them in force.
    await statement(
      ctx.db,
      `INSERT INTO agreement_versions (cluster_id, agreement_id, version, terms_cid, terms_hash, total_value,
         proposer, proposed_at, proposed_tx)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cluster_id, agreement_id, version) DO NOTHING`,
    ).run(
      clusterId,
      e.agreementId,
      e.version,
      cidFromDigest(e.termsCid),
      e.termsHash.toLowerCase(),
      e.totalValue.toString(),
      e.proposer.toLowerCase(),
      ctx.at.time,
      ctx.at.transactionHash,
    );
  }),
  on<AgreementSignedEvent.OutputObject>(iface, "AgreementSigned", async (ctx, e) => {
    await statement(ctx.db, "UPDATE agreement_parties SET signed_version = ?, signed_at = ? WHERE cluster_id = ? AND agreement_id = ? AND party = ?").run(
      e.version,
      ctx.at.time,
      clusterOfComponent(ctx),
      e.agreementId,
      e.party.toLowerCase(),
    );
  }),
  on<VersionApprovedEvent.OutputObject>(iface, "VersionApproved", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    await statement(
      ctx.db,
      `UPDATE agreements SET version = ?, proposed_version = 0,
         terms_cid = v.terms_cid, terms_hash = v.terms_hash, total_value = v.total_value
       FROM (SELECT terms_cid, terms_hash, total_value FROM agreement_versions
             WHERE cluster_id = ? AND agreement_id = ? AND version = ?) AS v
       WHERE agreements.cluster_id = ? AND agreements.agreement_id = ?`,
    ).run(e.version, clusterId, e.agreementId, e.version, clusterId, e.agreementId);
    await statement(
      ctx.db,
      `UPDATE agreement_milestones SET status = 'pending'
       WHERE cluster_id = ? AND agreement_id = ? AND version = ? AND status = 'proposed'`,
    ).run(clusterId, e.agreementId, e.version);
    await statement(ctx.db, "UPDATE agreement_versions SET approved_at = ? WHERE cluster_id = ? AND agreement_id = ? AND version = ?").run(
      ctx.at.time,
      clusterId,
      e.agreementId,
      e.version,
    );
  }),
  on<AgreementStatusChangedEvent.OutputObject>(
    iface,
    "AgreementStatusChanged",
    async (ctx, e) => {
      const clusterId = clusterOfComponent(ctx);
      const to = enumName(AGREEMENT_STATUSES, e.to);
      // Agreements move to the same status by the hundred (activated, completed): written together.
      ctx.later.update("agreements", { status: to }, { cluster_id: clusterId, agreement_id: e.agreementId });
      // Resolution votes count for one dispute only: a resolved dispute starts the next round from nobody.
      if (enumName(AGREEMENT_STATUSES, e.from) === "disputed") {
        await statement(ctx.db, "UPDATE agreement_parties SET resolving = 0, disputing = 0 WHERE cluster_id = ? AND agreement_id = ?").run(
          clusterId,
          e.agreementId,
        );
      }
      // A completed or terminated agreement no longer links its parties on the network graph.
      if (to === "completed" || to === "terminated") {
        await statement(ctx.db, "DELETE FROM agreement_links WHERE cluster_id = ? AND agreement_id = ?").run(clusterId, e.agreementId);
      }
    },
    undefined,
    { uses: ["agreement_parties", "agreement_links"] },
  ),
  on<AgreementActivatedEvent.OutputObject>(iface, "AgreementActivated", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    // One link per (deliverer -> payer) pair of the milestones in force, numbered on from the
    // cluster's agreement links so far (the API shows them with negative ids, apart from Membership's).
    await statement(
      ctx.db,
      `INSERT INTO agreement_links (cluster_id, agreement_id, link_id, from_address, to_address, kind, block_number)
       SELECT ?, ?, (SELECT COALESCE(MAX(link_id), 0) FROM agreement_links WHERE cluster_id = ?) + ROW_NUMBER() OVER (ORDER BY deliverer, payer),
         deliverer, payer, ?, ?
       FROM (SELECT DISTINCT deliverer, payer FROM agreement_milestones
             WHERE cluster_id = ? AND agreement_id = ? AND status IN ('pending', 'delivered', 'accepted')) AS pairs
       WHERE true
       ON CONFLICT (cluster_id, agreement_id, from_address, to_address) DO NOTHING`,
    ).run(clusterId, e.agreementId, clusterId, enumName(FLOW_KINDS, e.flowKind), ctx.at.blockNumber, clusterId, e.agreementId);
  }),
  on<MilestoneSupersededEvent.OutputObject>(iface, "MilestoneSuperseded", async (ctx, e) => {
    await setMilestone(ctx, e.agreementId, e.milestoneIndex, "superseded");
  }),
  on<MilestoneDeliveredEvent.OutputObject>(iface, "MilestoneDelivered", async (ctx, e) => {
    await setMilestone(ctx, e.agreementId, e.milestoneIndex, "delivered");
  }),
  on<MilestoneAcceptedEvent.OutputObject>(iface, "MilestoneAccepted", async (ctx, e) => {
    await statement(
      ctx.db,
      `UPDATE agreement_milestones SET status = 'accepted', obligation_id = ?
       WHERE cluster_id = ? AND agreement_id = ? AND milestone_index = ?`,
    ).run(e.obligationId, clusterOfComponent(ctx), e.agreementId, e.milestoneIndex);
  }),
  on<PaymentObligationCreatedEvent.OutputObject>(iface, "PaymentObligationCreated", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    const milestone = (await statement(
      ctx.db,
      "SELECT milestone_index FROM agreement_milestones WHERE cluster_id = ? AND agreement_id = ? AND obligation_id = ?",
    ).get(clusterId, e.agreementId, e.obligationId)) as { milestone_index: number } | undefined;
    await statement(
      ctx.db,
      `INSERT INTO payment_obligations (cluster_id, obligation_id, agreement_id, milestone_index, payer, payee, amount,
         due_date, block_number, created_at, tx_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      clusterId,
      e.obligationId,
      e.agreementId,
      milestone?.milestone_index ?? null,
      e.payer.toLowerCase(),
      e.payee.toLowerCase(),
      e.amount.toString(),
      e.dueDate,
      ctx.at.blockNumber,
      ctx.at.time,
      ctx.at.transactionHash,
    );
  }),
  on<TerminationRequestedEvent.OutputObject>(iface, "TerminationRequested", async (ctx, e) => {
    await statement(ctx.db, "UPDATE agreement_parties SET terminating = 1 WHERE cluster_id = ? AND agreement_id = ? AND party = ?").run(
      clusterOfComponent(ctx),
      e.agreementId,
      e.party.toLowerCase(),
    );
  }),
  on<DisputeRaisedEvent.OutputObject>(iface, "DisputeRaised", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    await statement(
      ctx.db,
      "UPDATE agreements SET dispute_by = ?, dispute_reason_cid = ?, dispute_at = ?, dispute_tx = ? WHERE cluster_id = ? AND agreement_id = ?",
    ).run(e.party.toLowerCase(), cidFromDigest(e.reasonCid), ctx.at.time, ctx.at.transactionHash, clusterId, e.agreementId);
    await statement(ctx.db, "UPDATE agreement_parties SET resolving = 0 WHERE cluster_id = ? AND agreement_id = ?").run(clusterId, e.agreementId);
    await statement(ctx.db, "UPDATE agreement_parties SET disputing = 1 WHERE cluster_id = ? AND agreement_id = ? AND party = ?").run(
      clusterId,
      e.agreementId,
      e.party.toLowerCase(),
    );
  }),
  on<ResolutionSignedEvent.OutputObject>(iface, "ResolutionSigned", async (ctx, e) => {
    await statement(ctx.db, "UPDATE agreement_parties SET resolving = 1 WHERE cluster_id = ? AND agreement_id = ? AND party = ?").run(
      clusterOfComponent(ctx),
      e.agreementId,
      e.party.toLowerCase(),
    );
  }),
];
