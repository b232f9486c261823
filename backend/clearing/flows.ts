// A cycle's obligations summed per debtor → creditor pair (a "flow"): what the web app's graphs
// draw as one arrow and its table lists as one numbered row, with what the set-off cancels of it.

export interface FlowObligation {
  id: number;
  debtor: string;
  creditor: string;
  amount: bigint;
  /** Null while nobody knows what the set-off cancels of it. */
  cancelled: bigint | null;
}

export interface Flow {
  /** The arrow's number in the graph and the table, from 1: pairs in order of their first obligation. */
  n: number;
  debtor: string;
  creditor: string;
  obligations: number;
  owed: bigint;
  /** Null while nobody knows what the set-off cancels of it. */
  cancelled: bigint | null;
}

export interface FlowTotals {
  arrows: number;
  obligations: number;
  gross: bigint;
  cancelled: bigint | null;
  remaining: bigint | null;
  /** Share of the gross the set-off cancels, rounded down to 0.01 %. */
  reducedPercent: number | null;
}

/** Sums obligations (ascending ids) per pair in order of each pair's first obligation. */
export function flowsOf(obligations: readonly FlowObligation[]): Flow[] {
  const known = obligations.every((o) => o.cancelled !== null);
  const byPair = new Map<string, Flow>();
  for (const o of obligations) {
    const key = `${o.debtor}>${o.creditor}`;
    let flow = byPair.get(key);
    if (!flow) {
      flow = { n: byPair.size + 1, debtor: o.debtor, creditor: o.creditor, obligations: 0, owed: 0n, cancelled: known ? 0n : null };
      byPair.set(key, flow);
    }
    flow.obligations += 1;
    flow.owed += o.amount;
    if (flow.cancelled !== null) flow.cancelled += o.cancelled ?? 0n;
  }
  return [...byPair.values()];
}

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
    arrows: flows.length,
    obligations: flows.reduce((s, f) => s + f.obligations, 0),
    gross,
    cancelled,
    remaining: cancelled === null ? null : gross - cancelled,
    reducedPercent: cancelled === null || gross === 0n ? null : Number((cancelled * 10_000n) / gross) / 100,
  };
}
