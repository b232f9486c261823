import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { cycleObligationsSql, type CycleObligationRow } from "../../db/clearing.js";
import { statement } from "../../db/statements.js";
import { Refusal } from "../../query/refusal.js";
import type { cycleDetail, cycleHistory } from "../../../core/api/schemas/clearing.js";
import { toCycle, toCycles, type CycleRow } from "./clearing.js";
import { proposalChunks } from "./clearingProposal.js";

type CycleHistory = z.input<typeof cycleHistory>;
type CycleDetail = z.input<typeof cycleDetail>;

/** Finished (settled or defaulted) cycles, newest first, `limit` at a time below the cursor `before`. */
export async function cycleHistoryOf(db: Db, clusterId: number, page: { before?: number; limit: number }): Promise<CycleHistory> {
  // One row more than asked says whether an older page exists.
  const rows = (await statement(
    db,
    `SELECT * FROM clearing_cycles WHERE cluster_id = ? AND phase IN ('settled', 'defaulted') AND (CAST(? AS TEXT) IS NULL OR cycle < ?)
     ORDER BY cycle DESC LIMIT ?`,
  ).all(clusterId, page.before ?? null, page.before ?? null, page.limit + 1)) as unknown as CycleRow[];
  const shown = rows.slice(0, page.limit);
  return {
    cycles: await toCycles(db, clusterId, shown),
    nextCursor: rows.length > page.limit ? shown[shown.length - 1]!.cycle : null,
  };
}

/**
 * What the set-off cancelled of each obligation, where the index still tells: while the cycle is
 * being settled, what it took off the outstanding amounts; once settled (outstanding is then 0),
 * the lines of the proposal applied. Null before a set-off, and where an unwind or default
 * replaced the standing proposal with its own.
 */
async function cancelledOf(db: Db, row: CycleRow, obligations: CycleObligationRow[]): Promise<(o: CycleObligationRow) => string | null> {
  if (row.set_off_lapsed === 1) return () => "0";
  if (row.phase === "applying" || row.phase === "funding" || row.phase === "unwinding") {
    return (o) => (o.status === "confirmed" ? (BigInt(o.amount) - BigInt(o.outstanding)).toString() : null);
  }
  if (row.phase === "settled" && row.unwinding_opened === null && row.applied_total !== null && row.best_proposal !== null) {
    const byId = new Map<number, bigint>(obligations.map((o) => [o.obligation_id, 0n]));
    for (const chunk of await proposalChunks(db, row.cluster_id, row.best_proposal)) {
      for (const line of chunk) byId.set(line.obligationId, (byId.get(line.obligationId) ?? 0n) + line.amount);
    }
    return (o) => (byId.get(o.obligation_id) ?? 0n).toString();
  }
  return () => null;
}

/** One cycle (any phase) with the obligations it clears and what its set-off cancelled of each. */
export async function cycleDetailOf(db: Db, clusterId: number, cycleNumber: number): Promise<CycleDetail> {
  const row = (await statement(db, "SELECT * FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?").get(clusterId, cycleNumber)) as CycleRow | undefined;
  if (!row) throw Refusal.notFound(`Cluster ${clusterId} has no clearing cycle ${cycleNumber}`);
  // A finished cycle keeps its history: its settled obligations too.
  const obligations = (await statement(db, cycleObligationsSql(["confirmed", "settled"])).all(
    clusterId,
    row.base_cycle ?? cycleNumber,
    cycleNumber,
  )) as unknown as CycleObligationRow[];
  const cancelled = await cancelledOf(db, row, obligations);
  return {
    cycle: await toCycle(db, row),
    obligations: obligations.map((o) => ({ id: o.obligation_id, debtor: o.debtor, creditor: o.creditor, amount: o.amount, cancelled: cancelled(o) })),
  };
}
