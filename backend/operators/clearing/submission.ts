import type { Db } from "../../db/db.js";
import { cycleSolution } from "../../services/corporate-clearing/clearing.js";
import { proposalChunks } from "../../services/corporate-clearing/clearingProposal.js";
import type { IClearingHouse } from "../../../types/typechain/index.js";
import type { Action, Line } from "./actions.js";
import { cycleUnwind } from "../../services/corporate-clearing/clearingUnwind.js";

const IN_PROGRESS = 1n;

/**
 * Lines per transaction: `propose` up to this many, otherwise chunks of this many. The contract's
 * MAX_CHUNK_LINES (set-offs) or MAX_UNWIND_LINES (unwinds), read once per ClearingHouse: each bound
 * is derived from measured gas, and a chunk over it would be refused.
 */
const chunkLines = { setOff: new WeakMap<IClearingHouse, Promise<number>>(), unwind: new WeakMap<IClearingHouse, Promise<number>>() };

export function maxChunkLines(house: IClearingHouse, kind: keyof typeof chunkLines = "setOff"): Promise<number> {
  const cache = chunkLines[kind];
  let max = cache.get(house);
  if (!max) {
    max = (kind === "unwind" ? house.MAX_UNWIND_LINES() : house.MAX_CHUNK_LINES()).then(Number);
    // A failed read is retried on the next pass rather than cached.
    max.catch(() => cache.delete(house));
    cache.set(house, max);
  }
  return max;
}

export function chunksOf(lines: Line[], size: number): Line[][] {
  const chunks: Line[][] = [];
  for (let i = 0; i < lines.length; i += size) chunks.push(lines.slice(i, i + size));
  return chunks;
}

/**
 * The operator's unfinished proposal for `cycle` on chain, if any: the contract keeps each
 * proposer's one unfinished proposal, so however many others were started since, it is found.
 */
async function ownInProgress(house: IClearingHouse, operator: string, cycle: number, unwind: boolean): Promise<{ id: number; chunks: number } | null> {
  const id = await house.inProgressOf(operator);
  if (id === 0n) return null;
  const p = await house.proposal(id);
  if (p.cycle !== BigInt(cycle) || p.state !== IN_PROGRESS || p.unwind !== unwind) return null;
  return { id: Number(id), chunks: Number(p.chunks) };
}

function sameChunk(a: readonly Line[], b: readonly { obligationId: number; amount: bigint }[]): boolean {
  return a.length === b.length && a.every((l, i) => l.obligationId === BigInt(b[i].obligationId) && l.amount === b[i].amount);
}

/**
 * The next step towards making the best proposal the cycle's standing one (the maximum set-off of
 * a closed cycle, or the least unwind of one whose funding fell short), or null when the standing
 * one is already as good. It is recomputed from the index each time (the solvers are deterministic
 * and the cycle's obligations do not change meanwhile), and a chunked submission resumes from the
 * operator's unfinished proposal on chain when the chunks the index stored for it are a prefix of
 * the plan's; otherwise it starts again (which abandons that one).
 */
export async function submissionStep(
  db: Db,
  house: IClearingHouse,
  operator: string,
  clusterId: number,
  cycle: number,
  unwind = false,
): Promise<Action | null> {
  const best = unwind ? await cycleUnwind(db, clusterId, cycle) : await cycleSolution(db, clusterId, cycle);
  if (!best.improves) return null;
  const proposed = "lines" in best ? best.lines : best.cancellations;
  const lines = proposed.map((l) => ({ obligationId: BigInt(l.obligationId), amount: BigInt(l.amount) }));
  const size = await maxChunkLines(house, unwind ? "unwind" : "setOff");
  return submitLines(db, house, operator, clusterId, cycle, lines, BigInt(best.total), size, unwind);
}

/** One transaction at a time towards submitting `lines`: in one `propose`, or resuming chunks. */
async function submitLines(
  db: Db,
  house: IClearingHouse,
  operator: string,
  clusterId: number,
  cycle: number,
  lines: Line[],
  total: bigint,
  size: number,
  unwind: boolean,
): Promise<Action> {
  if (lines.length <= size) return { kind: "propose", cycle, lines, total };
  const planned = chunksOf(lines, size);
  const own = await ownInProgress(house, operator, cycle, unwind);
  if (own) {
    const stored = await proposalChunks(db, clusterId, own.id);
    const resumable = stored.length === own.chunks && own.chunks <= planned.length && stored.every((chunk, i) => sameChunk(planned[i], chunk));
    if (resumable && own.chunks < planned.length) {
      const chunkIndex = own.chunks;
      return { kind: "addChunk", cycle, proposalId: own.id, chunkIndex, chunks: planned.length, lines: planned[chunkIndex] };
    }
    if (resumable) return { kind: "finalizeProposal", cycle, proposalId: own.id, total };
  }
  return { kind: "beginProposal", cycle, chunks: planned.length, total };
}
