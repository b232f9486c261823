import type { Obligation } from "./types.js";

/**
 * The obligation graph the solver works on: members numbered 0..n-1 in order of first
 * appearance, and parallel obligations (same debtor and creditor) merged into one arc.
 * Merging is exact because parallel arcs cost the same per unit: any split of an arc's
 * cancellation over its obligations is optimal, and it shrinks dense inputs a lot
 * (100k invoices among 100 members are at most 9,900 arcs).
 */
export interface ObligationGraph {
  /** Member index -> lowercase address. */
  members: string[];
  /** Per merged arc: debtor index, creditor index, summed outstanding amount. */
  source: Int32Array;
  target: Int32Array;
  capacity: bigint[];
  /** Per input obligation: its merged arc. */
  arcOf: Int32Array;
}

/** Pair keys u * 2^26 + v stay exact doubles; 67 million members is far beyond any cluster. */
const PAIR_BASE = 67_108_864;

export function buildGraph(obligations: readonly Obligation[]): ObligationGraph {
  const index = new Map<string, number>();
  const members: string[] = [];
  const node = (address: string): number => {
    let i = index.get(address);
    if (i === undefined) {
      i = members.length;
      if (i === PAIR_BASE) throw new RangeError(`More than ${PAIR_BASE} members in one clearing cycle`);
      index.set(address, i);
      members.push(address);
    }
    return i;
  };
  const arcByPair = new Map<number, number>();
  const source: number[] = [];
  const target: number[] = [];
  const capacity: bigint[] = [];
  const arcOf = new Int32Array(obligations.length);
  obligations.forEach((o, k) => {
    const u = node(o.debtor);
    const v = node(o.creditor);
    const key = u * PAIR_BASE + v;
    let a = arcByPair.get(key);
    if (a === undefined) {
      a = source.length;
      arcByPair.set(key, a);
      source.push(u);
      target.push(v);
      capacity.push(0n);
    }
    capacity[a] += o.amount;
    arcOf[k] = a;
  });
  return { members, source: Int32Array.from(source), target: Int32Array.from(target), capacity, arcOf };
}
