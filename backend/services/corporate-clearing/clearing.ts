import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { clear } from "../../clearing/clear.js";
import { percent } from "../../clearing/report.js";
import { inList, statement } from "../../db/statements.js";
import { CYCLE_OBLIGATIONS_SQL, type CycleObligationRow } from "../../db/clearing.js";
import type { clearingObligation, clearingOverview, cycle, cycleReport, obligations, paymentObligation, solution } from "../../../core/api/schemas/clearing.js";
import { Refusal } from "../../query/refusal.js";
import { RECENT_FINISHED_CYCLES } from "../../../core/api/pageSize.js";
import { standingOf } from "./clearingProposal.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { clearingCycles, clearingDefaults } from "./tables.js";

type Cycle = z.input<typeof cycle>;
type CycleReport = z.input<typeof cycleReport>;
type Overview = z.input<typeof clearingOverview>;
type Obligations = z.input<typeof obligations>;
type PaymentObligation = z.input<typeof paymentObligation>;
type ClearingObligation = z.input<typeof clearingObligation>;
type Solution = z.input<typeof solution>;

export type CycleRow = Row<typeof clearingCycles>;

function reportOf(r: CycleRow): CycleReport | null {
  if (r.gross === null || r.liquidity_needed === null) return null;
  const gross = BigInt(r.gross);
  // A lapsed proposal cancelled nothing.
  const cancelled = r.set_off_lapsed ? 0n : BigInt(r.applied_total ?? r.best_total ?? "0");
  const liquidity = BigInt(r.liquidity_needed);
  return {
    gross: gross.toString(),
    cancelled: cancelled.toString(),
    liquidityNeeded: liquidity.toString(),
    liquiditySavingPercent: percent(gross - liquidity, gross),
    setOffPercent: percent(cancelled, gross),
    members: r.members ?? 0,
    payments: r.payments ?? 0,
  };
}

interface PositionRow {
  cycle: number;
  member: string;
  net: string;
  funded: string;
  withdrawn: string;
  refunded: string;
  rolled: string;
  defaulted: number;
}

function cycleOf(r: CycleRow, positions: readonly PositionRow[]): Cycle {
  const settled = r.phase === "settled";
  return {
    cycle: r.cycle,
    phase: r.phase,
    cutoff: isoFromUnix(r.cutoff),
    baseCycle: r.base_cycle,
    obligations: r.obligations,
    standingProposal: standingOf(r),
    appliedSetOff: r.applied_total,
    fundingDeadline: r.funding_deadline === null ? null : isoFromUnix(r.funding_deadline),
    token: r.token,
    funded: r.funded,
    closedAt: r.closed_at === null ? null : isoFromUnix(r.closed_at),
    finishedAt: r.finished_at === null ? null : isoFromUnix(r.finished_at),
    rolledInto: r.rolled_into,
    unwindingOpened: r.unwinding_opened === null ? null : isoFromUnix(r.unwinding_opened),
    unwindProposeBy: r.unwind_propose_by === null ? null : isoFromUnix(r.unwind_propose_by),
    unwound: r.unwound_proposal === null ? null : { proposalId: r.unwound_proposal, rolled: r.unwound_rolled ?? "0" },
    report: reportOf(r),
    positions: positions.map(({ cycle: _cycle, ...p }) => ({ ...p, defaulted: p.defaulted === 1, payout: settled ? payoutOf(p) : null })),
  };
}

/** Cycles (of one cluster) as the API shows them, with their reports and every member's position, read in one query whatever their number. */
export async function toCycles(db: Db, clusterId: number, rows: readonly CycleRow[]): Promise<Cycle[]> {
  const cycles = inList(rows.map((r) => r.cycle));
  const positions = (await statement(
    db,
    `SELECT cycle, member, net, funded, withdrawn, refunded, rolled, defaulted FROM clearing_positions
     WHERE cluster_id = ? AND cycle IN (${cycles.marks}) ORDER BY cycle, member`,
  ).all(clusterId, ...cycles.params)) as unknown as PositionRow[];
  const byCycle = new Map<number, PositionRow[]>(rows.map((r) => [r.cycle, []]));
  for (const p of positions) byCycle.get(p.cycle)?.push(p);
  return rows.map((r) => cycleOf(r, byCycle.get(r.cycle) ?? []));
}

/** One cycle as the API shows it. */
export async function toCycle(db: Db, r: CycleRow): Promise<Cycle> {
  return (await toCycles(db, r.cluster_id, [r]))[0]!;
}

/** What withdraw pays in a settled cycle, as ClearingHouse computes it: funded + net + rolled, never below 0. */
function payoutOf(p: { funded: string; net: string; rolled: string }): string {
  const payout = BigInt(p.funded) + BigInt(p.net) + BigInt(p.rolled);
  return (payout > 0n ? payout : 0n).toString();
}

async function cycleRows(db: Db, clusterId: number): Promise<CycleRow[]> {
  return (await statement(db, "SELECT * FROM clearing_cycles WHERE cluster_id = ? ORDER BY cycle DESC").all(clusterId)) as unknown as CycleRow[];
}

/** Settled cycles in which `member` has a payout it has not withdrawn, through the positions' index by member. */
async function payoutsDue(db: Db, clusterId: number, member: string): Promise<Set<number>> {
  const rows = (await statement(
    db,
    `SELECT p.cycle, p.funded, p.net, p.rolled FROM clearing_positions p
     JOIN clearing_cycles c ON c.cluster_id = p.cluster_id AND c.cycle = p.cycle
     WHERE p.cluster_id = ? AND p.member = ? AND p.withdrawn = '0' AND c.phase = 'settled'`,
  ).all(clusterId, member)) as { cycle: number; funded: string; net: string; rolled: string }[];
  return new Set(rows.filter((p) => BigInt(payoutOf(p)) > 0n).map((p) => p.cycle));
}

/**
 * The cluster's clearing as `caller` sees it: the open cycle, the one being cleared, the latest
 * finished cycles and any older one where the caller still has a payout to withdraw (a cluster
 * of years has hundreds of cycles, each with every member's position).
 */
export async function clearingOverviewOf(db: Db, clusterId: number, caller: string): Promise<Overview> {
  const component = (await statement(db, "SELECT address FROM components WHERE cluster_id = ? AND kind = 'Clearing'").get(clusterId)) as
    { address: string } | undefined;
  const rows = await cycleRows(db, clusterId);
  const open = rows.find((r) => r.phase === "open");
  const current = rows.find((r) => r.phase === "proposing" || r.phase === "applying" || r.phase === "funding" || r.phase === "unwinding");
  const due = await payoutsDue(db, clusterId, caller);
  const past = rows.filter((r) => r.phase === "settled" || r.phase === "defaulted").filter((r, i) => i < RECENT_FINISHED_CYCLES || due.has(r.cycle));
  const shown = await toCycles(db, clusterId, [...(open ? [open] : []), ...(current ? [current] : []), ...past]);
  return {
    clusterId,
    component: component?.address ?? null,
    openCycle: open ? shown.shift()! : null,
    current: current ? shown.shift()! : null,
    past: shown,
    defaults: (
      (await statement(
        db,
        "SELECT cycle, member, shortfall, count, recorded_at FROM clearing_defaults WHERE cluster_id = ? ORDER BY block_number DESC, cycle DESC, member",
      ).all(clusterId)) as Pick<Row<typeof clearingDefaults>, "cycle" | "member" | "shortfall" | "count" | "recorded_at">[]
    ).map((d) => ({ cycle: d.cycle, member: d.member, shortfall: d.shortfall, count: d.count, recordedAt: isoFromUnix(d.recorded_at) })),
  };
}

/** A member's (or everyone's) obligations: from agreement milestones and in the clearing. */
export async function obligationsOf(db: Db, clusterId: number, member?: string): Promise<Obligations> {
  const who = member?.toLowerCase() ?? null;
  // A member's rows through the indexes on either side (the + keeps SQLite from walking the whole cluster in id order instead).
  const payments = (await (who === null
    ? statement(
        db,
        `SELECT p.*, c.obligation_id AS imported_as FROM payment_obligations p
         LEFT JOIN clearing_obligations c ON c.cluster_id = p.cluster_id AND c.agreement_obligation_id = p.obligation_id
         WHERE p.cluster_id = ? ORDER BY p.obligation_id`,
      ).all(clusterId)
    : statement(
        db,
        `SELECT p.*, c.obligation_id AS imported_as FROM payment_obligations p
         LEFT JOIN clearing_obligations c ON c.cluster_id = p.cluster_id AND c.agreement_obligation_id = p.obligation_id
         WHERE (p.cluster_id = ? AND p.payer = ?) OR (p.cluster_id = ? AND p.payee = ?) ORDER BY +p.obligation_id`,
      ).all(clusterId, who, clusterId, who))) as {
    obligation_id: number;
    agreement_id: number;
    milestone_index: number | null;
    payer: string;
    payee: string;
    amount: string;
    due_date: number;
    created_at: number;
    imported_as: number | null;
  }[];
  const clearing = (await (who === null
    ? statement(db, "SELECT * FROM clearing_obligations WHERE cluster_id = ? ORDER BY obligation_id").all(clusterId)
    : statement(
        db,
        `SELECT * FROM clearing_obligations WHERE (cluster_id = ? AND debtor = ?) OR (cluster_id = ? AND creditor = ?) ORDER BY +obligation_id`,
      ).all(clusterId, who, clusterId, who))) as {
    obligation_id: number;
    creditor: string;
    debtor: string;
    amount: string;
    outstanding: string;
    due_date: number;
    status: ClearingObligation["status"];
    cycle: number | null;
    agreement_obligation_id: number | null;
    reference_digest: string;
    created_at: number;
    rolled_from: number | null;
  }[];
  return {
    member: who,
    paymentObligations: payments.map((p): PaymentObligation => ({
      id: p.obligation_id,
      agreementId: p.agreement_id,
      milestoneIndex: p.milestone_index,
      payer: p.payer,
      payee: p.payee,
      amount: p.amount,
      dueDate: p.due_date,
      createdAt: isoFromUnix(p.created_at),
      importedAs: p.imported_as,
      direction: who === null ? null : p.payee === who ? "incoming" : "outgoing",
    })),
    clearingObligations: clearing.map((o): ClearingObligation => ({
      id: o.obligation_id,
      creditor: o.creditor,
      debtor: o.debtor,
      amount: o.amount,
      outstanding: o.outstanding,
      dueDate: o.due_date,
      status: o.status,
      cycle: o.cycle,
      rolledFrom: o.rolled_from,
      importedFrom: o.agreement_obligation_id,
      referenceDigest: o.reference_digest,
      createdAt: isoFromUnix(o.created_at),
      direction: who === null ? null : o.creditor === who ? "incoming" : "outgoing",
    })),
  };
}

/**
 * The optimal set-off proposal of a closed cycle, computed by the solver from the index: the
 * cycle's confirmed obligations with what is still outstanding on them.
 */
export async function cycleSolution(db: Db, clusterId: number, cycleNumber: number): Promise<Solution> {
  const row = (await statement(db, "SELECT * FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?").get(clusterId, cycleNumber)) as CycleRow | undefined;
  if (!row) throw Refusal.notFound(`Cluster ${clusterId} has no clearing cycle ${cycleNumber}`);
  if (row.phase === "open") {
    throw Refusal.conflict(`Cycle ${cycleNumber} is still open until ${isoFromUnix(row.cutoff)}: a set-off is proposed once it has closed`);
  }
  if (row.phase !== "proposing") {
    throw Refusal.conflict(`Cycle ${cycleNumber} is ${row.phase}: its set-off is no longer open to proposals`);
  }
  const base = row.base_cycle ?? cycleNumber;
  const rows = ((await statement(db, CYCLE_OBLIGATIONS_SQL).all(clusterId, base, cycleNumber)) as unknown as CycleObligationRow[]).filter(
    (o) => BigInt(o.outstanding) > 0n,
  );
  const result = clear(rows.map((o) => ({ id: BigInt(o.obligation_id), debtor: o.debtor, creditor: o.creditor, amount: BigInt(o.outstanding) })));
  const cancellations = result.setOff.obligations
    .filter((o) => o.cancelled > 0n)
    .map((o) => ({ obligationId: Number(o.id), amount: o.cancelled.toString() }))
    .sort((a, b) => a.obligationId - b.obligationId);
  const standing = row.best_proposal === null ? null : BigInt(row.best_total ?? "0");
  const r = result.report;
  return {
    cycle: cycleNumber,
    baseCycle: base,
    total: result.setOff.total.toString(),
    standingTotal: standing === null ? null : standing.toString(),
    improves: standing === null || result.setOff.total > standing,
    cancellations,
    netPositions: result.netPositions.map((p) => ({ member: p.member, net: p.net.toString() })),
    settlement: result.plan.payments.map((p) => ({ member: p.member, kind: p.kind, amount: p.amount.toString() })),
    report: {
      gross: r.gross.toString(),
      cancelled: r.cancelled.toString(),
      liquidityNeeded: r.liquidityNeeded.toString(),
      liquiditySavingPercent: r.liquiditySavingPercent,
      setOffPercent: r.setOffPercent,
      members: r.members,
      payments: r.payments,
    },
  };
}
