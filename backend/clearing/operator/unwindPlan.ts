import type { DatabaseSync } from "node:sqlite";
import { statement } from "../../db/statements.js";
import { CYCLE_OBLIGATIONS_SQL, type CycleObligationRow } from "../../indexer/handlers/clearing.js";
import { checkUnwind, leastUnwind, type Unwind } from "../unwind.js";

interface PositionRow {
  member: string;
  net: string;
  funded: string;
  defaulted: number;
}

function positions(db: DatabaseSync, clusterId: number, cycle: number): PositionRow[] {
  return statement(db, "SELECT member, net, funded, defaulted FROM clearing_positions WHERE cluster_id = ? AND cycle = ? ORDER BY member").all(
    clusterId,
    cycle,
  ) as unknown as PositionRow[];
}

/** Net debtors of an unwinding cycle that funded nothing and whose default is not on record yet. */
export function unrecordedDefaulters(db: DatabaseSync, clusterId: number, cycle: number): string[] {
  return positions(db, clusterId, cycle)
    .filter((p) => BigInt(p.net) < 0n && BigInt(p.funded) === 0n && p.defaulted === 0)
    .map((p) => p.member);
}

/**
 * The least unwind of an unwinding cycle, from the index: its obligations (base..cycle) with what
 * is outstanding after the set-off, and each member's funded + net position. Checked against the
 * contract's rule before it is returned, so a fault in the model is never sent.
 */
export function unwindPlan(db: DatabaseSync, clusterId: number, cycle: number): Unwind {
  const row = statement(db, "SELECT base_cycle FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?").get(clusterId, cycle) as
    | { base_cycle: number | null }
    | undefined;
  const base = row?.base_cycle ?? cycle;
  const obligations = (statement(db, CYCLE_OBLIGATIONS_SQL).all(clusterId, base, cycle) as unknown as CycleObligationRow[]).map((o) => ({
    id: BigInt(o.obligation_id),
    debtor: o.debtor,
    creditor: o.creditor,
    outstanding: BigInt(o.outstanding),
  }));
  const members = positions(db, clusterId, cycle).map((p) => ({ member: p.member, own: BigInt(p.funded) + BigInt(p.net) }));
  const plan = leastUnwind(obligations, members);
  checkUnwind(obligations, members, plan.lines);
  return plan;
}
