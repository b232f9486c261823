import { buildGraph } from "./graph.js";
import { minCostFlow } from "./minCostFlow.js";
import { minCostCirculation } from "./networkSimplex.js";
import { stronglyConnectedComponents } from "./scc.js";
import type { Obligation, ObligationSetOff, SetOffResult } from "./types.js";
import { validateObligations } from "./validate.js";

export type SetOffAlgorithm = "primal-dual" | "network-simplex";

export interface SetOffOptions {
  /**
   * Both are exact. primal-dual (default) is the faster on trade networks, whose payments
   * run few hops; network-simplex is the faster on graphs with long debt chains (rings,
   * grids). Having two independent exact solvers also lets each check the other.
   */
  algorithm?: SetOffAlgorithm;
}

/** Per cyclic arc: amount cancelled, and member potentials p with gain 1 + p[u] - p[v]. */
interface Solved {
  cancelled: bigint[];
  potential: Int32Array;
  arithmetic: "float64" | "bigint";
  steps: number;
}

/**
 * Maximum set-off as the minimum-liquidity remainder: net positions are fixed, so what
 * stays unpaid is a flow from net debtors to net creditors along the obligations, at most
 * each amount; minimising its total at cost 1 per unit per arc leaves the most cancelled.
 * Cancelled = amount - remaining flow, and the flow's potentials are the certificate's.
 */
function solvePrimalDual(n: number, source: Int32Array, target: Int32Array, capacity: bigint[]): Solved {
  const supply = new Array<bigint>(n).fill(0n);
  for (let a = 0; a < source.length; a++) {
    supply[source[a]] += capacity[a];
    supply[target[a]] -= capacity[a];
  }
  const s = minCostFlow({ nodeCount: n, source, target, cost: new Int32Array(source.length).fill(1), capacity, supply });
  return { cancelled: s.flow.map((r, a) => capacity[a] - r), potential: s.potential, arithmetic: s.arithmetic, steps: s.augmentations };
}

/** Maximum set-off directly: a circulation at cost -1 per unit; the potentials flip sign. */
function solveNetworkSimplex(n: number, source: Int32Array, target: Int32Array, capacity: bigint[]): Solved {
  const s = minCostCirculation({ nodeCount: n, source, target, cost: new Int32Array(source.length).fill(-1), capacity });
  return { cancelled: s.flow, potential: Int32Array.from(s.potential, (pi) => -pi), arithmetic: s.arithmetic, steps: s.pivots };
}

/**
 * The maximum total multilateral set-off: a circulation x on the obligation graph with
 * 0 <= x <= outstanding that maximises the total cancelled, exact in integer amounts.
 * Two reductions keep the optimum and shrink the problem: parallel obligations merge into
 * one arc, and arcs outside every strongly connected component are dropped (they lie on no
 * cycle, so nothing on them can cancel).
 *
 * Returns the cancellation per obligation and a dual certificate (member potentials) that
 * certificate.ts checks without trusting any of this code.
 */
export function maximumSetOff(input: readonly Obligation[], options: SetOffOptions = {}): SetOffResult {
  const algorithm = options.algorithm ?? "primal-dual";
  const obligations = validateObligations(input);
  const graph = buildGraph(obligations);
  const n = graph.members.length;
  const { source, target, capacity } = graph;

  const { component, count } = stronglyConnectedComponents(n, source, target, (a) => capacity[a] > 0n);
  const cyclic: number[] = [];
  for (let a = 0; a < source.length; a++) {
    if (capacity[a] > 0n && component[source[a]] === component[target[a]]) cyclic.push(a);
  }
  const solve = algorithm === "network-simplex" ? solveNetworkSimplex : solvePrimalDual;
  const solved = solve(
    n,
    Int32Array.from(cyclic, (a) => source[a]),
    Int32Array.from(cyclic, (a) => target[a]),
    cyclic.map((a) => capacity[a]),
  );
  const arcCancelled = new Array<bigint>(source.length).fill(0n);
  cyclic.forEach((a, i) => (arcCancelled[a] = solved.cancelled[i]));

  // Arcs between components cancel nothing, so the certificate needs their gain <= 0:
  // shift each component's potentials (a shift keeps the gains inside it) so that every
  // arc entering it climbs by at least 1, visiting components sources first (Tarjan
  // numbers them sinks first).
  const local = solved.potential;
  const entering: number[][] = Array.from({ length: count }, () => []);
  for (let a = 0; a < source.length; a++) {
    if (capacity[a] > 0n && component[source[a]] !== component[target[a]]) entering[component[target[a]]].push(a);
  }
  const shift = new Float64Array(count);
  for (let c = count - 1; c >= 0; c--) {
    let s = 0;
    for (const a of entering[c]) {
      const needed = local[source[a]] + shift[component[source[a]]] + 1 - local[target[a]];
      if (needed > s) s = needed;
    }
    shift[c] = s;
  }
  const potentials = new Map<string, number>();
  for (let u = 0; u < n; u++) potentials.set(graph.members[u], local[u] + shift[component[u]]);

  // Split each merged arc's cancellation over its obligations, first listed first.
  const left = arcCancelled;
  let total = 0n;
  const result: ObligationSetOff[] = obligations.map((o, k) => {
    const a = graph.arcOf[k];
    const cancelled = left[a] < o.amount ? left[a] : o.amount;
    left[a] -= cancelled;
    total += cancelled;
    return { id: o.id, debtor: o.debtor, creditor: o.creditor, amount: o.amount, cancelled, remaining: o.amount - cancelled };
  });

  return { obligations: result, total, potentials, algorithm, arithmetic: solved.arithmetic, steps: solved.steps };
}
