// A cycle's obligations summed per debtor → creditor pair (a "flow"): what the graph draws as one
// arrow and the table lists as one numbered row, with what the set-off cancels of it.

interface CycleObligationLike {
  id: number;
  debtor: string;
  creditor: string;
  amount: string;
  cancelled: string | null;
}

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

export interface FlowTotals {
  gross: bigint;
  cancelled: bigint | null;
  remaining: bigint | null;
  /** Share of the gross the set-off cancels, rounded down to 0.01 %. */
  reducedPercent: number | null;
}

/**
 * Sums obligations per pair in order of each pair's first obligation. `cancellations` (the
 * optimal set-off, by obligation id) stands in where the obligations do not say what was cancelled.
 */
export function flowsOf(obligations: readonly CycleObligationLike[], cancellations?: ReadonlyMap<number, bigint>): Flow[] {
  const known = obligations.every((o) => o.cancelled !== null) || cancellations !== undefined;
  const byPair = new Map<string, Flow>();
  for (const o of obligations) {
    const key = `${o.debtor}>${o.creditor}`;
    let flow = byPair.get(key);
    if (!flow) {
      flow = { n: byPair.size + 1, debtor: o.debtor, creditor: o.creditor, obligations: 0, owed: 0n, cancelled: known ? 0n : null };
      byPair.set(key, flow);
    }
    flow.obligations += 1;
    flow.owed += BigInt(o.amount);
    if (flow.cancelled !== null) flow.cancelled += o.cancelled !== null ? BigInt(o.cancelled) : (cancellations?.get(o.id) ?? 0n);
  }
  return [...byPair.values()];
}

/**
 * Arrows a cycle's graph draws at most. Past a few dozen its labels cannot stay clear of each
 * other (placing them is quadratic) and a reader could not follow them; the table lists every flow.
 */
export const GRAPH_FLOWS = 30;

/** The `limit` flows owing the most (the lower arrow number first among equals), in arrow order: what a large cycle's graphs draw. */
export function largestFlows(flows: readonly Flow[], limit: number): readonly Flow[] {
  if (flows.length <= limit) return flows;
  const largest = [...flows].sort((a, b) => (a.owed === b.owed ? a.n - b.n : a.owed > b.owed ? -1 : 1)).slice(0, limit);
  return largest.sort((a, b) => a.n - b.n);
}

export function totalsOf(flows: readonly Flow[]): FlowTotals {
  const gross = flows.reduce((s, f) => s + f.owed, 0n);
  const known = flows.every((f) => f.cancelled !== null);
  const cancelled = known ? flows.reduce((s, f) => s + (f.cancelled ?? 0n), 0n) : null;
  return {
    gross,
    cancelled,
    remaining: cancelled === null ? null : gross - cancelled,
    reducedPercent: cancelled === null || gross === 0n ? null : Number((cancelled * 10_000n) / gross) / 100,
  };
}
