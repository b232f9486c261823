import type { Db } from "../../db/db.js";
import { proposalChunks } from "../../services/corporate-clearing/clearingProposal.js";
import type { IClearingHouse } from "../../../types/typechain/index.js";
import type { Action } from "./actions.js";
import { clearingState, type CycleState, type ServedCluster } from "./indexState.js";
import { decodeRevert } from "./revert.js";
import { submissionStep } from "./submission.js";
import { unrecordedDefaulters } from "./defaulters.js";

export interface DecideInput {
  db: Db;
  /** The cluster's ClearingHouse, for the few facts the index does not keep. */
  house: IClearingHouse;
  /** The operator's address, lowercase. */
  operator: string;
  /** Timestamp of the latest block, which the index has reached: the contract's clock. */
  chainTime: number;
}

/** Thrown when the index cannot give what a step needs; the operator logs it and tries again later. */
export class NotReady extends Error {}

/**
 * The one next transaction for a cluster's clearing, decided from the index (caught up with the
 * chain) and the chain alone, so a restarted operator picks up exactly where it stopped.
 */
export async function nextAction(input: DecideInput, cluster: ServedCluster): Promise<Action | null> {
  const { db, chainTime } = input;
  const state = await clearingState(db, cluster.clusterId);
  const current = state.current;
  if (current?.phase === "funding") {
    // Never refused for the cluster's state: funders must always be able to reclaim.
    const deadline = current.fundingDeadline;
    return deadline !== null && chainTime >= deadline ? { kind: "declareDefault", cycle: current.cycle } : null;
  }
  if (current?.phase === "unwinding") return unwindingStep(input, cluster, current);
  if (!cluster.active) return null;
  if (current) {
    if (current.bestProposal !== null && current.windowEnd !== null && chainTime >= current.windowEnd) {
      const lapsible = current.phase === "proposing" && current.applyDeadline !== null && chainTime >= current.applyDeadline;
      if (!lapsible) return applyStep(input, cluster.clusterId, current, current.bestProposal);
      const proposalId = current.bestProposal;
      return applyOr(input, cluster.clusterId, current, proposalId, (reason) => ({ kind: "lapseSetOff", cycle: current.cycle, proposalId, reason }));
    }
    if (current.phase !== "proposing") return null;
    // The operator only ever submits the optimum: its own standing proposal cannot be beaten,
    // so the solver need not run again on every pass of the challenge window.
    if (current.bestProposer === input.operator) return null;
    return submissionStep(db, input.house, input.operator, cluster.clusterId, current.cycle);
  }
  const open = state.open;
  // Closing an empty cycle only postpones its cutoff: not worth a transaction.
  if (open && chainTime >= open.cutoff && state.openObligations > 0) return { kind: "closeCycle", cycle: open.cycle };
  return null;
}

/**
 * A cycle whose funding fell short: put each defaulter's default on record, make the least unwind
 * the standing one, apply it once its window ends; a full default only when no unwind can be had
 * in time. Recording, applying and defaulting are never refused for the cluster's state; proposing
 * is, so a cluster no longer active goes to a full default once the propose-by time passes.
 */
async function unwindingStep(input: DecideInput, cluster: ServedCluster, current: CycleState): Promise<Action | null> {
  const { db, chainTime } = input;
  const cycle = current.cycle;
  const defaulter = (await unrecordedDefaulters(db, cluster.clusterId, cycle))[0];
  if (defaulter !== undefined) return { kind: "recordDefault", cycle, member: defaulter };
  const proposalId = current.bestProposal;
  if (proposalId !== null && current.windowEnd !== null && chainTime >= current.windowEnd) {
    const late = current.applyDeadline !== null && chainTime >= current.applyDeadline;
    if (!late) return applyStep(input, cluster.clusterId, current, proposalId);
    return applyOr(input, cluster.clusterId, current, proposalId, (reason) => ({ kind: "declareDefault", cycle, reason }));
  }
  if (!cluster.active) {
    const due = proposalId === null && current.unwindProposeBy !== null && chainTime >= current.unwindProposeBy;
    return due ? { kind: "declareDefault", cycle, reason: "no unwind can be proposed: the cluster is not active" } : null;
  }
  if (current.bestProposer === input.operator) return null;
  return submissionStep(db, input.house, input.operator, cluster.clusterId, cycle, true);
}

/**
 * Past the apply deadline with nothing applied (whoever proposed it), the operator still applies
 * the standing proposal when it can: a set-off saves the members liquidity, an unwind pays them.
 * Only when it cannot (the index lacks its lines, or the chain refuses the first chunk) does it
 * give up on it (`fallback`: the set-off lapses, the unwind gives way to a full default), so the
 * cycle moves on.
 */
async function applyOr(input: DecideInput, clusterId: number, cycle: CycleState, proposalId: number, fallback: (reason: string) => Action): Promise<Action> {
  let reason: string;
  try {
    const step = await applyStep(input, clusterId, cycle, proposalId);
    if (step.kind !== "applySetOff") return step;
    await input.house.applySetOff.staticCall(step.cycle, step.lines);
    return step;
  } catch (err) {
    if (err instanceof NotReady) {
      reason = err.message;
    } else {
      const revert = decodeRevert(err);
      // Someone else moved the cycle on meanwhile: the next pass sees it in the index.
      if (revert?.expected) throw new NotReady(`cycle ${cycle.cycle} moved on: ${revert.text}`);
      // Only the chain's refusal counts: a node that does not answer is no reason to drop a set-off.
      if (!revert && (err as { code?: unknown }).code !== "CALL_EXCEPTION") throw err;
      reason = revert?.text ?? (err as Error).message;
    }
  }
  return fallback(reason);
}

/** The standing proposal's next chunk, from the lines the index stored when it was submitted. */
async function applyStep(input: DecideInput, clusterId: number, cycle: CycleState, proposalId: number): Promise<Action> {
  const p = await input.house.proposal(proposalId);
  const chunks = Number(p.chunks);
  const chunkIndex = Number(p.appliedChunks);
  const stored = await proposalChunks(input.db, clusterId, proposalId);
  // Every chunk but an empty `propose` has lines (addChunk refuses empty ones).
  const complete = stored.length === chunks || (chunks === 1 && stored.length === 0);
  if (!complete) {
    throw new NotReady(`the index holds ${stored.length} of the ${chunks} chunks of proposal ${proposalId}`);
  }
  // A proposal finalised without chunks is applied by one empty call.
  const lines = (stored[chunkIndex] ?? []).map((l) => ({ obligationId: BigInt(l.obligationId), amount: l.amount }));
  return { kind: "applySetOff", cycle: cycle.cycle, proposalId, chunkIndex, chunks, lines };
}
