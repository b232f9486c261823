import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import { Refusal } from "../../query/refusal.js";
import type { standingProposal } from "../../../core/api/schemas/clearing.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { clearingCycles, clearingProposalLines } from "./tables.js";

type StandingProposal = z.input<typeof standingProposal>;

export interface StoredLine {
  obligationId: number;
  amount: bigint;
}

/**
 * A proposal's lines as the index stored them from its ProposalChunkAdded events, one array per
 * chunk in chunk order, lines in submission order: byte for byte what applySetOff must be given
 * (the contract compares each chunk's digest with the one recorded on submission).
 */
export async function proposalChunks(db: Db, clusterId: number, proposalId: number): Promise<StoredLine[][]> {
  const rows = (await statement(
    db,
    `SELECT chunk_index, obligation_id, amount FROM clearing_proposal_lines
     WHERE cluster_id = ? AND proposal_id = ? ORDER BY chunk_index, line`,
  ).all(clusterId, proposalId)) as Pick<Row<typeof clearingProposalLines>, "chunk_index" | "obligation_id" | "amount">[];
  const chunks: StoredLine[][] = [];
  for (const r of rows) (chunks[r.chunk_index] ??= []).push({ obligationId: r.obligation_id, amount: BigInt(r.amount) });
  // A chunk index with no row can only be an empty chunk (propose with no lines).
  return Array.from(chunks, (c) => c ?? []);
}

/** The clearing_cycles columns that describe a cycle's standing proposal. */
export type StandingRow = Pick<
  Row<typeof clearingCycles>,
  "best_proposal" | "best_total" | "best_proposer" | "window_end" | "apply_deadline" | "set_off_lapsed" | "unwinding_opened"
>;

/** A cycle's standing proposal as the API names it, or null while there is none. */
export function standingOf(r: StandingRow) {
  if (r.best_proposal === null) return null;
  return {
    id: r.best_proposal,
    total: r.best_total ?? "0",
    proposer: r.best_proposer ?? "",
    windowEnd: isoFromUnix(r.window_end ?? 0),
    applyDeadline: isoFromUnix(r.apply_deadline ?? 0),
    // While unwinding (and after), the standing proposal is the unwind; set_off_lapsed is the set-off's.
    lapsed: r.unwinding_opened === null && r.set_off_lapsed === 1,
    unwind: r.unwinding_opened !== null,
  };
}

/** The standing (best submitted) proposal of a cycle with its stored lines; 404 when there is none. */
export async function standingProposalOf(db: Db, clusterId: number, cycle: number): Promise<StandingProposal> {
  const row = (await statement(
    db,
    `SELECT best_proposal, best_total, best_proposer, window_end, apply_deadline, set_off_lapsed, unwinding_opened FROM clearing_cycles
     WHERE cluster_id = ? AND cycle = ?`,
  ).get(clusterId, cycle)) as StandingRow | undefined;
  if (!row) throw Refusal.notFound(`Cluster ${clusterId} has no clearing cycle ${cycle}`);
  const standing = standingOf(row);
  if (!standing) throw Refusal.notFound(`Cycle ${cycle} of cluster ${clusterId} has no standing proposal`);
  const { id, ...rest } = standing;
  return {
    cycle,
    proposalId: id,
    ...rest,
    chunks: (await proposalChunks(db, clusterId, id)).map((chunk) => chunk.map((l) => ({ obligationId: l.obligationId, amount: l.amount.toString() }))),
  };
}
