import type { ClearingFlow } from "../api/types.js";

// A cycle's flow (its obligations summed per debtor → creditor pair, backend/clearing/flows.ts) with
// its amounts as numbers to draw and add.

/** A flow as the API gives it, its amounts as bigints (what the set-off cancels: null while nobody knows). */
export type Flow = Omit<ClearingFlow, "owed" | "cancelled" | "remaining"> & { owed: bigint; cancelled: bigint | null };

export const flowOf = (f: ClearingFlow): Flow => ({
  n: f.n,
  debtor: f.debtor,
  creditor: f.creditor,
  obligations: f.obligations,
  owed: BigInt(f.owed),
  cancelled: f.cancelled === null ? null : BigInt(f.cancelled),
});
