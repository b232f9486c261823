import { netPositions } from "../../clearing/netPositions.js";
import { CYCLE_OBLIGATIONS_SQL, type CycleObligationRow } from "../../db/clearing.js";
import { statement } from "../../db/statements.js";
import { IClearingHouse__factory } from "../../../types/typechain/index.js";
import type {
  CutoffPostponedEvent,
  CycleClosedEvent,
  CycleDefaultedEvent,
  CycleOpenedEvent,
  CycleSettledEvent,
  CycleUnwoundEvent,
  FundingOpenedEvent,
  MemberDefaultedEvent,
  ObligationCancelledEvent,
  ObligationConfirmedEvent,
  ObligationCreatedEvent,
  ObligationImportedEvent,
  ObligationRolledEvent,
  PositionFundedEvent,
  ProposalAbandonedEvent,
  ProposalChunkAddedEvent,
  ProposalSubmittedEvent,
  RefundedEvent,
  SetOffAppliedEvent,
  SetOffChunkAppliedEvent,
  SetOffLapsedEvent,
  UnwindingOpenedEvent,
  WithdrawnEvent,
} from "../../../types/typechain/clearing/IClearingHouse.js";
import { on, onLater, type ApplyContext } from "../../indexer/context.js";
import { clusterOfComponent } from "../../indexer/component.js";

const iface = IClearingHouse__factory.createInterface();

async function setPhase(ctx: ApplyContext, cycle: bigint, phase: string): Promise<void> {
  await statement(ctx.db, "UPDATE clearing_cycles SET phase = ? WHERE cluster_id = ? AND cycle = ?").run(phase, clusterOfComponent(ctx), cycle);
}

/** Adds `amount` to a decimal-text column of a member's position (created at zero if absent). */
async function addToPosition(
  ctx: ApplyContext,
  cycle: bigint,
  member: string,
  column: "funded" | "withdrawn" | "refunded" | "rolled",
  amount: bigint,
): Promise<void> {
  const clusterId = clusterOfComponent(ctx);
  const row = (await statement(ctx.db, `SELECT ${column} AS value FROM clearing_positions WHERE cluster_id = ? AND cycle = ? AND member = ?`).get(
    clusterId,
    cycle,
    member,
  )) as { value: string } | undefined;
  if (!row) {
    await statement(
      ctx.db,
      `INSERT INTO clearing_positions (cluster_id, cycle, member, net, funded, withdrawn, refunded) VALUES (?, ?, ?, '0', '0', '0', '0')`,
    ).run(clusterId, cycle, member);
  }
  await statement(ctx.db, `UPDATE clearing_positions SET ${column} = ? WHERE cluster_id = ? AND cycle = ? AND member = ?`).run(
    (BigInt(row?.value ?? "0") + amount).toString(),
    clusterId,
    cycle,
    member,
  );
}

export const clearingHandlers = [
  // Obligations are created and confirmed by the thousand: each is written with the like ones around it.
  onLater<ObligationCreatedEvent.OutputObject>(iface, "ObligationCreated", async (ctx, e) => {
    ctx.later.insert("clearing_obligations", {
      cluster_id: clusterOfComponent(ctx),
      obligation_id: e.obligationId,
      creditor: e.creditor.toLowerCase(),
      debtor: e.debtor.toLowerCase(),
      amount: e.amount.toString(),
      outstanding: e.amount.toString(),
      due_date: e.dueDate,
      reference_digest: e.referenceDigest.toLowerCase(),
      status: "proposed",
      cycle: null,
      agreement_obligation_id: null,
      created_block: ctx.at.blockNumber,
      created_at: ctx.at.time,
    });
  }),
  onLater<ObligationConfirmedEvent.OutputObject>(iface, "ObligationConfirmed", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    ctx.later.update("clearing_obligations", { status: "confirmed", cycle: e.cycle }, { cluster_id: clusterId, obligation_id: e.obligationId });
    ctx.later.add("clearing_cycles", "obligations", { cluster_id: clusterId, cycle: e.cycle }, 1);
  }),
  on<ObligationCancelledEvent.OutputObject>(iface, "ObligationCancelled", async (ctx, e) => {
    await statement(ctx.db, "UPDATE clearing_obligations SET status = 'cancelled' WHERE cluster_id = ? AND obligation_id = ?").run(
      clusterOfComponent(ctx),
      e.obligationId,
    );
  }),
  on<ObligationImportedEvent.OutputObject>(iface, "ObligationImported", async (ctx, e) => {
    await statement(ctx.db, "UPDATE clearing_obligations SET agreement_obligation_id = ? WHERE cluster_id = ? AND obligation_id = ?").run(
      e.agreementObligationId,
      clusterOfComponent(ctx),
      e.obligationId,
    );
  }),
  on<CycleOpenedEvent.OutputObject>(iface, "CycleOpened", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO clearing_cycles (cluster_id, cycle, cutoff, phase, obligations, funded) VALUES (?, ?, ?, 'open', 0, '0')
       ON CONFLICT (cluster_id, cycle) DO UPDATE SET cutoff = excluded.cutoff, phase = 'open'`,
    ).run(clusterOfComponent(ctx), e.cycle, e.cutoff);
  }),
  on<CutoffPostponedEvent.OutputObject>(iface, "CutoffPostponed", async (ctx, e) => {
    await statement(ctx.db, "UPDATE clearing_cycles SET cutoff = ? WHERE cluster_id = ? AND cycle = ?").run(e.cutoff, clusterOfComponent(ctx), e.cycle);
  }),
  on<CycleClosedEvent.OutputObject>(iface, "CycleClosed", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    await statement(
      ctx.db,
      `UPDATE clearing_cycles SET phase = 'proposing', base_cycle = ?, obligations = ?, liquidity_needed = ?, token = ?, closed_at = ?
       WHERE cluster_id = ? AND cycle = ?`,
    ).run(e.baseCycle, e.obligations, e.liquidityNeeded.toString(), e.token.toLowerCase(), ctx.at.time, clusterId, e.cycle);
    // Net positions over what the cycle clears: receivable minus payable (a set-off is a
    // circulation, so it never changes them).
    const rows = (await statement(ctx.db, CYCLE_OBLIGATIONS_SQL).all(clusterId, e.baseCycle, e.cycle)) as unknown as CycleObligationRow[];
    const net = netPositions(rows.map((o) => ({ debtor: o.debtor, creditor: o.creditor, amount: BigInt(o.amount) })));
    const insert = statement(
      ctx.db,
      `INSERT INTO clearing_positions (cluster_id, cycle, member, net, funded, withdrawn, refunded) VALUES (?, ?, ?, ?, '0', '0', '0')
       ON CONFLICT (cluster_id, cycle, member) DO UPDATE SET net = excluded.net`,
    );
    for (const p of net) await insert.run(clusterId, e.cycle, p.member, p.net.toString());
    // The figures of the cycle's report that only the close knows: what was owed before the set-off.
    const gross = rows.reduce((sum, o) => sum + BigInt(o.outstanding), 0n);
    const payments = net.filter((p) => p.net !== 0n).length;
    await statement(ctx.db, "UPDATE clearing_cycles SET gross = ?, members = ?, payments = ? WHERE cluster_id = ? AND cycle = ?").run(
      gross.toString(),
      net.length,
      payments,
      clusterId,
      e.cycle,
    );
  }),
  on<ProposalChunkAddedEvent.OutputObject>(iface, "ProposalChunkAdded", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    const insert = statement(
      ctx.db,
      `INSERT INTO clearing_proposal_lines (cluster_id, proposal_id, chunk_index, line, obligation_id, amount)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const [i, c] of e.cancellations.entries()) await insert.run(clusterId, e.proposalId, e.chunkIndex, i, c.obligationId, c.amount.toString());
  }),
  on<ProposalAbandonedEvent.OutputObject>(iface, "ProposalAbandoned", async (ctx, e) => {
    // An abandoned proposal can never be applied: its lines are of no further use.
    await statement(ctx.db, "DELETE FROM clearing_proposal_lines WHERE cluster_id = ? AND proposal_id = ?").run(clusterOfComponent(ctx), e.proposalId);
  }),
  on<ProposalSubmittedEvent.OutputObject>(iface, "ProposalSubmitted", async (ctx, e) => {
    await statement(
      ctx.db,
      `UPDATE clearing_cycles SET best_proposal = ?, best_total = ?, window_end = ?, apply_deadline = ?, best_proposer = ?
       WHERE cluster_id = ? AND cycle = ?`,
    ).run(e.proposalId, e.total.toString(), e.windowEnd, e.applyDeadline, e.proposer.toLowerCase(), clusterOfComponent(ctx), e.cycle);
  }),
  on<SetOffChunkAppliedEvent.OutputObject>(iface, "SetOffChunkApplied", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    const lines = (await statement(
      ctx.db,
      "SELECT obligation_id, amount FROM clearing_proposal_lines WHERE cluster_id = ? AND proposal_id = ? AND chunk_index = ?",
    ).all(clusterId, e.proposalId, e.chunkIndex)) as { obligation_id: number; amount: string }[];
    const read = statement(ctx.db, "SELECT outstanding FROM clearing_obligations WHERE cluster_id = ? AND obligation_id = ?");
    const write = statement(ctx.db, "UPDATE clearing_obligations SET outstanding = ? WHERE cluster_id = ? AND obligation_id = ?");
    for (const line of lines) {
      const row = (await read.get(clusterId, line.obligation_id)) as { outstanding: string } | undefined;
      if (!row) continue;
      await write.run((BigInt(row.outstanding) - BigInt(line.amount)).toString(), clusterId, line.obligation_id);
    }
    await setPhase(ctx, e.cycle, "applying");
  }),
  on<SetOffAppliedEvent.OutputObject>(iface, "SetOffApplied", async (ctx, e) => {
    await statement(ctx.db, "UPDATE clearing_cycles SET applied_total = ? WHERE cluster_id = ? AND cycle = ?").run(
      e.total.toString(),
      clusterOfComponent(ctx),
      e.cycle,
    );
  }),
  on<SetOffLapsedEvent.OutputObject>(iface, "SetOffLapsed", async (ctx, e) => {
    // Funding opens next in the same transaction (FundingOpened or CycleSettled sets the phase).
    await statement(ctx.db, "UPDATE clearing_cycles SET set_off_lapsed = 1 WHERE cluster_id = ? AND cycle = ?").run(clusterOfComponent(ctx), e.cycle);
  }),
  on<FundingOpenedEvent.OutputObject>(iface, "FundingOpened", async (ctx, e) => {
    await statement(
      ctx.db,
      `UPDATE clearing_cycles SET phase = 'funding', token = ?, liquidity_needed = ?, funding_deadline = ?
       WHERE cluster_id = ? AND cycle = ?`,
    ).run(e.token.toLowerCase(), e.liquidityNeeded.toString(), e.deadline, clusterOfComponent(ctx), e.cycle);
  }),
  on<PositionFundedEvent.OutputObject>(iface, "PositionFunded", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    await addToPosition(ctx, e.cycle, e.member.toLowerCase(), "funded", e.amount);
    const row = (await statement(ctx.db, "SELECT funded FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?").get(clusterId, e.cycle)) as
      { funded: string } | undefined;
    await statement(ctx.db, "UPDATE clearing_cycles SET funded = ? WHERE cluster_id = ? AND cycle = ?").run(
      (BigInt(row?.funded ?? "0") + e.amount).toString(),
      clusterId,
      e.cycle,
    );
  }),
  on<CycleSettledEvent.OutputObject>(iface, "CycleSettled", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    await statement(ctx.db, "UPDATE clearing_cycles SET phase = 'settled', finished_at = ? WHERE cluster_id = ? AND cycle = ?").run(
      ctx.at.time,
      clusterId,
      e.cycle,
    );
    // Every obligation the cycle cleared is settled at once.
    await statement(
      ctx.db,
      `UPDATE clearing_obligations SET status = 'settled', outstanding = '0'
       WHERE cluster_id = ? AND status = 'confirmed' AND cycle BETWEEN
         (SELECT COALESCE(base_cycle, cycle) FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?) AND ?`,
    ).run(clusterId, clusterId, e.cycle, e.cycle);
  }),
  on<CycleDefaultedEvent.OutputObject>(iface, "CycleDefaulted", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    await statement(ctx.db, "UPDATE clearing_cycles SET phase = 'defaulted', finished_at = ?, rolled_into = ? WHERE cluster_id = ? AND cycle = ?").run(
      ctx.at.time,
      e.rolledInto,
      clusterId,
      e.cycle,
    );
    // As the contract does: the open cycle now also carries the defaulted cycle's obligations.
    await statement(
      ctx.db,
      `UPDATE clearing_cycles SET obligations = obligations +
         (SELECT obligations FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?)
       WHERE cluster_id = ? AND cycle = ?`,
    ).run(clusterId, e.cycle, clusterId, e.rolledInto);
  }),
  on<UnwindingOpenedEvent.OutputObject>(iface, "UnwindingOpened", async (ctx, e) => {
    // From here the standing-proposal columns describe unwind proposals (the set-off's total is
    // kept in applied_total, or set_off_lapsed says there was none).
    await statement(
      ctx.db,
      `UPDATE clearing_cycles SET phase = 'unwinding', unwinding_opened = ?, unwind_propose_by = ?, best_proposal = NULL,
         best_total = NULL, best_proposer = NULL, window_end = NULL, apply_deadline = NULL
       WHERE cluster_id = ? AND cycle = ?`,
    ).run(ctx.at.time, e.proposeBy, clusterOfComponent(ctx), e.cycle);
  }),
  on<ObligationRolledEvent.OutputObject>(iface, "ObligationRolled", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    const row = (await statement(ctx.db, "SELECT debtor, creditor FROM clearing_obligations WHERE cluster_id = ? AND obligation_id = ?").get(
      clusterId,
      e.obligationId,
    )) as { debtor: string; creditor: string } | undefined;
    if (!row) return;
    await statement(
      ctx.db,
      `UPDATE clearing_obligations SET cycle = ?, outstanding = ?, rolled_from = ?, rolled_amount = ?
       WHERE cluster_id = ? AND obligation_id = ?`,
    ).run(e.toCycle, e.amount.toString(), e.fromCycle, e.amount.toString(), clusterId, e.obligationId);
    await statement(ctx.db, "UPDATE clearing_cycles SET obligations = obligations + 1 WHERE cluster_id = ? AND cycle = ?").run(clusterId, e.toCycle);
    // Payouts of the unwound cycle: the debtor keeps what rolled, the creditor waits for it.
    await addToPosition(ctx, e.fromCycle, row.debtor, "rolled", e.amount);
    await addToPosition(ctx, e.fromCycle, row.creditor, "rolled", -e.amount);
  }),
  on<CycleUnwoundEvent.OutputObject>(iface, "CycleUnwound", async (ctx, e) => {
    // CycleSettled follows in the same transaction and settles what did not roll.
    await statement(ctx.db, "UPDATE clearing_cycles SET unwound_proposal = ?, unwound_rolled = ?, rolled_into = ? WHERE cluster_id = ? AND cycle = ?").run(
      e.proposalId,
      e.rolled.toString(),
      e.rolledInto,
      clusterOfComponent(ctx),
      e.cycle,
    );
  }),
  on<MemberDefaultedEvent.OutputObject>(iface, "MemberDefaulted", async (ctx, e) => {
    const clusterId = clusterOfComponent(ctx);
    const member = e.member.toLowerCase();
    await statement(
      ctx.db,
      `INSERT INTO clearing_defaults (cluster_id, cycle, member, shortfall, count, recorded_at, block_number, tx_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cluster_id, cycle, member) DO NOTHING`,
    ).run(clusterId, e.cycle, member, e.shortfall.toString(), e.defaults, ctx.at.time, ctx.at.blockNumber, ctx.at.transactionHash);
    // A defaulter had a negative net position, so its row exists since the cycle closed.
    await statement(ctx.db, "UPDATE clearing_positions SET defaulted = 1 WHERE cluster_id = ? AND cycle = ? AND member = ?").run(clusterId, e.cycle, member);
  }),
  on<WithdrawnEvent.OutputObject>(iface, "Withdrawn", async (ctx, e) => {
    await addToPosition(ctx, e.cycle, e.member.toLowerCase(), "withdrawn", e.amount);
  }),
  on<RefundedEvent.OutputObject>(iface, "Refunded", async (ctx, e) => {
    await addToPosition(ctx, e.cycle, e.member.toLowerCase(), "refunded", e.amount);
  }),
];
