import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { checkUnwind, leastUnwind } from "../../clearing/unwind.js";
import { statement } from "../../db/statements.js";
import { CYCLE_OBLIGATIONS_SQL, type CycleObligationRow } from "../../db/clearing.js";
import { Refusal } from "../../query/refusal.js";
import type { unwindSolution } from "../../../core/api/schemas/clearing.js";

type UnwindSolution = z.input<typeof unwindSolution>;

/**
 * The least unwind of a cycle in Unwinding, from the index: its obligations (base..cycle) with
 * what is outstanding after the set-off, and each member's funded + net position. Checked against
 * the contract's rule before it is returned, so a fault in the model is never proposed.
 */
export async function cycleUnwind(db: Db, clusterId: number, cycle: number): Promise<UnwindSolution> {
  const row = (await statement(db, "SELECT phase, base_cycle, best_proposal, best_total FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?").get(
    clusterId,
    cycle,
  )) as { phase: string; base_cycle: number | null; best_proposal: number | null; best_total: string | null } | undefined;
  if (!row) throw Refusal.notFound(`Cluster ${clusterId} has no clearing cycle ${cycle}`);
  if (row.phase !== "unwinding") throw Refusal.conflict(`Cycle ${cycle} is ${row.phase}: only a cycle whose funding fell short is unwound`);
  const base = row.base_cycle ?? cycle;
  const obligations = ((await statement(db, CYCLE_OBLIGATIONS_SQL).all(clusterId, base, cycle)) as unknown as CycleObligationRow[]).map((o) => ({
    id: BigInt(o.obligation_id),
    debtor: o.debtor,
    creditor: o.creditor,
    outstanding: BigInt(o.outstanding),
  }));
  const positions = (await statement(db, "SELECT member, net, funded FROM clearing_positions WHERE cluster_id = ? AND cycle = ? ORDER BY member").all(
    clusterId,
    cycle,
  )) as { member: string; net: string; funded: string }[];
  const members = positions.map((p) => ({ member: p.member, own: BigInt(p.funded) + BigInt(p.net) }));
  const plan = leastUnwind(obligations, members);
  checkUnwind(obligations, members, plan.lines);
  const standing = row.best_proposal === null ? null : BigInt(row.best_total ?? "0");
  return {
    cycle,
    baseCycle: base,
    total: plan.total.toString(),
    shortfall: plan.shortfall.toString(),
    standingTotal: standing === null ? null : standing.toString(),
    improves: standing === null || plan.total < standing,
    lines: plan.lines.map((l) => ({ obligationId: Number(l.obligationId), amount: l.amount.toString() })),
  };
}
