import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { clear } from "../../clearing/clear.js";
import { percent } from "../../clearing/report.js";
import { inList, statement } from "../../db/statements.js";
import { CYCLE_OBLIGATIONS_SQL, type CycleObligationRow } from "../../db/clearing.js";
import type { clearingOverview, cycle, cycleReport, solution } from "../../../core/api/schemas/clearing.js";
import { Refusal } from "../../query/refusal.js";
import { RECENT_FINISHED_CYCLES } from "../../../core/api/pageSize.js";
import { standingOf } from "./clearingProposal.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { clearingCycles, clearingDefaults } from "./tables.js";

type Cycle = z.input<typeof cycle>;
type CycleReport = z.input<typeof cycleReport>;
type Overview = z.input<typeof clearingOverview>;
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
