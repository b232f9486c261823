import { BigIntFlows, Float64Flows, type FlowStore, type TreeView } from "./simplexFlows.js";

/** A minimum-cost circulation problem: every node balanced, 0 <= flow <= capacity. */
export interface CirculationProblem {
  nodeCount: number;
  source: Int32Array;
  target: Int32Array;
  /** Integer cost per unit; small (here -1), so potentials stay exact in int32. */
  cost: Int32Array;
  capacity: readonly bigint[];
}

export interface CirculationSolution {
  flow: bigint[];
  /**
   * Node potentials proving optimality: with reduced cost rc = cost + pi[source] - pi[target],
   * every arc below capacity has rc >= 0 and every arc above zero has rc <= 0.
   */
  potential: Int32Array;
  pivots: number;
  arithmetic: "float64" | "bigint";
}

const LOWER = 1;
const TREE = 0;
const UPPER = -1;

/**
 * Primal network simplex for a circulation (all supplies zero), after the design of
 * LEMON's NetworkSimplex (Király & Kovács 2012): block-search pivoting over about sqrt(m)
 * arcs, strongly feasible spanning trees (no cycling), an artificial root joined to every
 * node by an uncapacitated zero-cost arc. Zero flow is feasible, so the artificial arcs
 * only seed the first basis and never carry flow.
 *
 * The tree keeps parents, subtree sizes and child lists; a pivot re-hangs the subtree cut
 * off by the leaving arc under the entering arc and shifts the potentials of the smaller
 * side, so a pivot costs O(cycle + min(moved subtree, rest of the tree)).
 */
export function minCostCirculation(problem: CirculationProblem): CirculationSolution {
  const n = problem.nodeCount;
  const m = problem.source.length;
  const root = n;
  const arcs = m + n;

  const source = new Int32Array(arcs);
  const target = new Int32Array(arcs);
  const cost = new Int32Array(arcs);
  const state = new Int8Array(arcs);
  source.set(problem.source);
  target.set(problem.target);
  cost.set(problem.cost);
  state.fill(LOWER, 0, m);

  const parent = new Int32Array(n + 1);
  const pred = new Int32Array(n + 1);
  const predDir = new Int8Array(n + 1);
  // Subtree sizes (not depths): they find the join node just as well, and unlike depths
  // they change only along the pivot's paths, which lets a pivot shift the potentials of
  // whichever side of the tree is smaller.
  const size = new Int32Array(n + 1);
  // Potentials drift by a constant when the complement side is shifted; doubles keep them
  // exact (|drift| <= pivots * 2n, far below 2^53) and the result is re-based on the root.
  const pi = new Float64Array(n + 1);
  const firstChild = new Int32Array(n + 1).fill(-1);
  const nextSibling = new Int32Array(n + 1).fill(-1);
  const prevSibling = new Int32Array(n + 1).fill(-1);
  // Initial basis: a star of artificial arcs u -> root, each pointing up (strongly feasible).
  parent[root] = -1;
  pred[root] = -1;
  size[root] = n + 1;
  for (let u = 0; u < n; u++) {
    const e = m + u;
    source[e] = u;
    target[e] = root;
    state[e] = TREE;
    parent[u] = root;
    pred[u] = e;
    predDir[u] = 1;
    size[u] = 1;
    nextSibling[u] = u + 1 < n ? u + 1 : -1;
    prevSibling[u] = u - 1;
  }
  if (n > 0) firstChild[root] = 0;

  const tree: TreeView = { parent, pred, predDir, source, target };
  const safe = problem.capacity.every((c) => c <= BigInt(Number.MAX_SAFE_INTEGER));
  const flows: FlowStore = safe ? new Float64Flows(tree, problem.capacity, arcs) : new BigIntFlows(tree, problem.capacity, arcs);

  const unlink = (u: number): void => {
    const p = prevSibling[u];
    const q = nextSibling[u];
    if (p === -1) firstChild[parent[u]] = q;
    else nextSibling[p] = q;
    if (q !== -1) prevSibling[q] = p;
  };
  const link = (u: number, to: number): void => {
    const head = firstChild[to];
    prevSibling[u] = -1;
    nextSibling[u] = head;
    if (head !== -1) prevSibling[head] = u;
    firstChild[to] = u;
    parent[u] = to;
  };

  const blockSize = Math.max(10, Math.ceil(Math.sqrt(m)));
  // A safety net against an implementation fault, far above what strongly feasible pivoting
  // takes in practice; hitting it throws instead of spinning forever.
  const pivotLimit = 1_000 * arcs + 1_000_000;
  let nextArc = 0;
  let pivots = 0;

  for (;;) {
    // Entering arc: the most violating arc in the first block that holds a violation.
    let inArc = -1;
    let min = 0;
    let count = blockSize;
    let e = nextArc;
    for (let scanned = 0; scanned < m; scanned++) {
      const c = state[e] * (cost[e] + pi[source[e]] - pi[target[e]]);
      if (c < min) {
        min = c;
        inArc = e;
      }
      e = e + 1 === m ? 0 : e + 1;
      if (--count === 0) {
        if (inArc !== -1) break;
        count = blockSize;
      }
    }
    if (inArc === -1) break;
    nextArc = e;
    if (++pivots > pivotLimit) throw new Error(`Network simplex exceeded ${pivotLimit} pivots: an implementation fault`);

    // Join node: where the two tree paths from the entering arc's ends meet.
    let a = source[inArc];
    let b = target[inArc];
    while (a !== b) {
      // An ancestor's subtree is strictly larger, so the smaller side never passes the join.
      if (size[a] < size[b]) a = parent[a];
      else b = parent[b];
    }
    const join = a;

    // Flow goes round the cycle along the entering arc from `first` to `second`.
    const inState = state[inArc];
    const first = inState === LOWER ? source[inArc] : target[inArc];
    const second = inState === LOWER ? target[inArc] : source[inArc];
    const result = flows.ratioTest(inArc, first, second, join);
    flows.augment(inArc, inState, join);
    if (result === 0) {
      // The entering arc is its own bottleneck: it swaps bound, the tree stays.
      state[inArc] = -inState;
      continue;
    }
    const uIn = result === 1 ? first : second;
    const vIn = result === 1 ? second : first;
    const uOut = flows.uOut;
    const outArc = pred[uOut];
    state[outArc] = flows.isZero(outArc) ? LOWER : UPPER;
    state[inArc] = TREE;

    // Potential shift that makes the entering arc's reduced cost zero.
    const sigma = (source[inArc] === uIn ? pi[vIn] - cost[inArc] : pi[vIn] + cost[inArc]) - pi[uIn];

    // The subtree T under the leaving arc moves from v_out's side of the join to v_in's.
    const moved = size[uOut];
    for (let u = parent[uOut]; u !== join; u = parent[u]) size[u] -= moved;
    for (let u = vIn; u !== join; u = parent[u]) size[u] += moved;

    // Reverse the stem u_in .. u_out: each node's old parent becomes its child, and its
    // subtree becomes T minus the old subtree of that child.
    let child = uIn;
    let newParent = vIn;
    let arc = inArc;
    let childOldSize = 0;
    for (;;) {
      const oldParent = parent[child];
      const oldArc = pred[child];
      const oldSize = size[child];
      unlink(child);
      link(child, newParent);
      pred[child] = arc;
      predDir[child] = source[arc] === child ? 1 : -1;
      size[child] = moved - childOldSize;
      if (child === uOut) break;
      childOldSize = oldSize;
      newParent = child;
      arc = oldArc;
      child = oldParent;
    }

    // Only differences of potentials matter: shift T by sigma, or everything else by -sigma.
    if (2 * moved <= n + 1) {
      pi[uIn] += sigma;
      let u = uIn;
      for (;;) {
        const c = firstChild[u];
        if (c !== -1) {
          u = c;
        } else {
          while (u !== uIn && nextSibling[u] === -1) u = parent[u];
          if (u === uIn) break;
          u = nextSibling[u];
        }
        pi[u] += sigma;
      }
    } else {
      pi[root] -= sigma;
      let u = root;
      for (;;) {
        const c = u === uIn ? -1 : firstChild[u];
        if (c !== -1) {
          u = c;
        } else {
          while (u !== root && nextSibling[u] === -1) u = parent[u];
          if (u === root) break;
          u = nextSibling[u];
        }
        if (u !== uIn) pi[u] -= sigma;
      }
    }
  }

  for (let e = m; e < arcs; e++) {
    if (!flows.isZero(e)) throw new Error("Network simplex left flow on an artificial arc: an implementation fault");
  }
  const flow = new Array<bigint>(m);
  for (let e = 0; e < m; e++) flow[e] = flows.value(e);
  const potential = new Int32Array(n);
  for (let u = 0; u < n; u++) potential[u] = pi[u] - pi[root];
  return { flow, potential, pivots, arithmetic: safe ? "float64" : "bigint" };
}
