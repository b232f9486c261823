import type { Db } from "../../db/db.js";
import { statement } from "../../db/statements.js";

/** A cluster the operator serves: its ClearingHouse is indexed and corporate clearing is enabled. */
export interface ServedCluster {
  clusterId: number;
  house: string;
  /** Business (closing, proposing, applying) needs an Active cluster; declaring a default does not. */
  active: boolean;
}

export interface CycleState {
  cycle: number;
  phase: "open" | "proposing" | "applying" | "funding" | "settled" | "defaulted" | "unwinding";
  cutoff: number;
  obligations: number;
  bestProposal: number | null;
  bestProposer: string | null;
  windowEnd: number | null;
  /** After it, a standing proposal of which nothing was applied may lapse. */
  applyDeadline: number | null;
  fundingDeadline: number | null;
  /** Unwinding: without an unwind proposal by then, anyone may declare a full default. */
  unwindProposeBy: number | null;
}

export interface ClearingState {
  open: CycleState | null;
  /** The closed cycle being cleared (proposing, applying, funding or unwinding), if any. */
  current: CycleState | null;
  /** Obligations the open cycle would clear if closed now, rolled-over ones included. */
  openObligations: number;
}

export async function servedClusters(db: Db): Promise<ServedCluster[]> {
  const rows = (await statement(
    db,
    `SELECT c.cluster_id, c.address, k.status FROM components c JOIN clusters k ON k.id = c.cluster_id
     WHERE c.kind = 'Clearing' AND EXISTS (
       SELECT 1 FROM cluster_services s JOIN services v ON v.id = s.service_id
       WHERE s.cluster_id = c.cluster_id AND v.name = 'corporate-clearing')
     ORDER BY c.cluster_id`,
  ).all()) as { cluster_id: number; address: string; status: string }[];
  return rows.map((r) => ({ clusterId: r.cluster_id, house: r.address, active: r.status === "active" }));
}

export async function clearingState(db: Db, clusterId: number): Promise<ClearingState> {
  const rows = (
    (await statement(
      db,
      `SELECT cycle, phase, cutoff, obligations, best_proposal, best_proposer, window_end, apply_deadline, funding_deadline,
         unwind_propose_by FROM clearing_cycles
       WHERE cluster_id = ? ORDER BY cycle DESC LIMIT 3`,
    ).all(clusterId)) as {
      cycle: number;
      phase: CycleState["phase"];
      cutoff: number;
      obligations: number;
      best_proposal: number | null;
      best_proposer: string | null;
      window_end: number | null;
      apply_deadline: number | null;
      funding_deadline: number | null;
      unwind_propose_by: number | null;
    }[]
  ).map((r): CycleState => ({
    cycle: r.cycle,
    phase: r.phase,
    cutoff: r.cutoff,
    obligations: r.obligations,
    bestProposal: r.best_proposal,
    bestProposer: r.best_proposer,
    windowEnd: r.window_end,
    applyDeadline: r.apply_deadline,
    fundingDeadline: r.funding_deadline,
    unwindProposeBy: r.unwind_propose_by,
  }));
  const open = rows.find((r) => r.phase === "open") ?? null;
  const current = rows.find((r) => ["proposing", "applying", "funding", "unwinding"].includes(r.phase)) ?? null;
  // A defaulted cycle hands all it cleared to the cycle after it (the index counts them on the
  // defaulted cycle only).
  const previous = open ? rows.find((r) => r.cycle === open.cycle - 1) : undefined;
  const rolled = previous?.phase === "defaulted" ? previous.obligations : 0;
  return { open, current, openObligations: (open?.obligations ?? 0) + rolled };
}
