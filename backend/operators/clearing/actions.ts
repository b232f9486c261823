import type { ContractTransactionResponse } from "ethers";
import type { IClearingHouse } from "../../../types/typechain/index.js";

export interface Line {
  obligationId: bigint;
  amount: bigint;
}

/** The one next transaction the operator sends for a cluster. */
export type Action =
  | { kind: "closeCycle"; cycle: number }
  | { kind: "propose"; cycle: number; lines: Line[]; total: bigint }
  | { kind: "beginProposal"; cycle: number; chunks: number; total: bigint }
  | { kind: "addChunk"; cycle: number; proposalId: number; chunkIndex: number; chunks: number; lines: Line[] }
  | { kind: "finalizeProposal"; cycle: number; proposalId: number; total: bigint }
  | { kind: "applySetOff"; cycle: number; proposalId: number; chunkIndex: number; chunks: number; lines: Line[] }
  | { kind: "lapseSetOff"; cycle: number; proposalId: number; reason: string }
  | { kind: "declareDefault"; cycle: number; reason?: string }
  | { kind: "recordDefault"; cycle: number; member: string };

/** One log line's worth of what the action does. */
export function describe(a: Action): string {
  switch (a.kind) {
    case "closeCycle":
      return `closeCycle: cycle ${a.cycle}'s cutoff has passed`;
    case "propose":
      return `propose: cycle ${a.cycle}, set-off ${a.total} in ${a.lines.length} lines`;
    case "beginProposal":
      return `beginProposal: cycle ${a.cycle}, set-off ${a.total} to submit in ${a.chunks} chunks`;
    case "addChunk":
      return `addChunk: proposal ${a.proposalId}, chunk ${a.chunkIndex + 1} of ${a.chunks} (${a.lines.length} lines)`;
    case "finalizeProposal":
      return `finalizeProposal: proposal ${a.proposalId} for cycle ${a.cycle}, set-off ${a.total}`;
    case "applySetOff":
      return `applySetOff: cycle ${a.cycle}, proposal ${a.proposalId}, chunk ${a.chunkIndex + 1} of ${Math.max(a.chunks, 1)} (${a.lines.length} lines)`;
    case "lapseSetOff":
      return `lapseSetOff: cycle ${a.cycle}, proposal ${a.proposalId} unapplied at its apply deadline and not appliable (${a.reason})`;
    case "declareDefault":
      return a.reason === undefined
        ? `declareDefault: cycle ${a.cycle}'s funding deadline passed unfunded; it unwinds`
        : `declareDefault: cycle ${a.cycle} defaults in full (${a.reason})`;
    case "recordDefault":
      return `recordDefault: ${a.member} did not fund cycle ${a.cycle}`;
  }
}

export function send(house: IClearingHouse, a: Action): Promise<ContractTransactionResponse> {
  switch (a.kind) {
    case "closeCycle":
      return house.closeCycle();
    case "propose":
      return house.propose(a.cycle, a.lines);
    case "beginProposal":
      return house.beginProposal(a.cycle);
    case "addChunk":
      return house.addChunk(a.proposalId, a.lines);
    case "finalizeProposal":
      return house.finalizeProposal(a.proposalId);
    case "applySetOff":
      return house.applySetOff(a.cycle, a.lines);
    case "lapseSetOff":
      return house.lapseSetOff(a.cycle);
    case "declareDefault":
      return house.declareDefault(a.cycle);
    case "recordDefault":
      return house.recordDefault(a.cycle, a.member);
  }
}
