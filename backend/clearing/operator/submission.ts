import type { DatabaseSync } from "node:sqlite";
import { cycleSolution } from "../../api/read/clearing.js";
import { proposalChunks } from "../../api/read/clearingProposal.js";
import type { IClearingHouse } from "../../../types/typechain/index.js";
import type { Action, Line } from "./actions.js";

/** Lines per transaction: `propose` up to this many, otherwise chunks of this many. */
export const CHUNK_LINES = 50;
/** How far back the operator looks for its own unfinished proposal (ids only grow). */
const SCAN_PROPOSALS = 64;
const IN_PROGRESS = 1n;

export function chunksOf(lines: Line[]): Line[][] {
  const chunks: Line[][] = [];
  for (let i = 0; i < lines.length; i += CHUNK_LINES) chunks.push(lines.slice(i, i + CHUNK_LINES));
  return chunks;
}

/** The operator's unfinished proposal for `cycle` on chain, if any. */
async function ownInProgress(house: IClearingHouse, operator: string, cycle: number): Promise<{ id: number; chunks: number } | null> {
  const count = Number(await house.proposalCount());
  for (let id = count; id >= 1 && id > count - SCAN_PROPOSALS; id--) {
    const p = await house.proposal(id);
    if (p.cycle < BigInt(cycle)) break;
    if (p.cycle === BigInt(cycle) && p.state === IN_PROGRESS && p.proposer.toLowerCase() === operator) {
      return { id, chunks: Number(p.chunks) };
    }
  }
  return null;
}

function sameChunk(a: readonly Line[], b: readonly { obligationId: number; amount: bigint }[]): boolean {
  return a.length === b.length && a.every((l, i) => l.obligationId === BigInt(b[i].obligationId) && l.amount === b[i].amount);
}

/**
 * The next step towards making the optimum the cycle's standing proposal, or null when the
 * standing one is already as large. The optimum is recomputed from the index each time (the
 * solver is deterministic and a proposing cycle's obligations do not change), and a chunked
 * submission resumes from the operator's unfinished proposal on chain when the chunks the index
 * stored for it are a prefix of the optimum's; otherwise it starts again (which abandons that one).
 */
export async function submissionStep(
  db: DatabaseSync,
  house: IClearingHouse,
  operator: string,
  clusterId: number,
  cycle: number,
): Promise<Action | null> {
  const optimum = cycleSolution(db, clusterId, cycle);
  if (!optimum.improves) return null;
  const total = BigInt(optimum.total);
  const lines = optimum.cancellations.map((c) => ({ obligationId: BigInt(c.obligationId), amount: BigInt(c.amount) }));
  if (lines.length <= CHUNK_LINES) return { kind: "propose", cycle, lines, total };
  const planned = chunksOf(lines);
  const own = await ownInProgress(house, operator, cycle);
  if (own) {
    const stored = proposalChunks(db, clusterId, own.id);
    const resumable =
      stored.length === own.chunks && own.chunks <= planned.length && stored.every((chunk, i) => sameChunk(planned[i], chunk));
    if (resumable && own.chunks < planned.length) {
      const chunkIndex = own.chunks;
      return { kind: "addChunk", cycle, proposalId: own.id, chunkIndex, chunks: planned.length, lines: planned[chunkIndex] };
    }
    if (resumable) return { kind: "finalizeProposal", cycle, proposalId: own.id, total };
  }
  return { kind: "beginProposal", cycle, chunks: planned.length, total };
}
