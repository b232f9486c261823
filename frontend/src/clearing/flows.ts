import type { ClearingFlow } from "../api/types.js";

// A cycle's flow (its obligations summed per debtor → creditor pair, backend/clearing/flows.ts) with
// its amounts as numbers to draw and add.

export interface Flow {
  /** The arrow's number in the graph and the table, from 1. */
  n: number;
  debtor: string;
  creditor: string;
  obligations: number;
  owed: bigint;
  /** Null while nobody knows what the set-off cancels of it. */
  cancelled: bigint | null;
}

export const flowOf = (f: ClearingFlow): Flow => ({
  n: f.n,
  debtor: f.debtor,
  creditor: f.creditor,
  obligations: f.obligations,
  owed: BigInt(f.owed),
  cancelled: f.cancelled === null ? null : BigInt(f.cancelled),
});
