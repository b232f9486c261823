import { BigIntResidual, Float64Residual, type Residual } from "./residual.js";

/** Route every supply to the demands through capacitated arcs at least total cost. */
export interface TransshipmentProblem {
  nodeCount: number;
  source: Int32Array;
  target: Int32Array;
  /** Non-negative integer cost per unit (here 1 on every obligation). */
  cost: Int32Array;
  capacity: readonly bigint[];
  /** Per node: positive sends, negative receives; sums to zero. */
  supply: readonly bigint[];
}

export interface TransshipmentSolution {
  flow: bigint[];
  /**
   * Node potentials proving optimality: with reduced cost rc = cost + p[source] - p[target],
   * every arc with flow below capacity has rc >= 0 and every arc with flow above zero rc <= 0.
   */
  potential: Int32Array;
  /** Shortest-path rounds; each raises the cost of the cheapest remaining route by >= 1. */
  phases: number;
  augmentations: number;
  arithmetic: "float64" | "bigint";
}

const UNREACHED = 0x3fffffff;

/**
 * Primal-dual minimum-cost flow (Ford-Fulkerson's primal-dual method with Dinic blocking
 * flows). Each phase runs Dijkstra on reduced costs (a bucket queue: costs are small
 * integers), raises the potentials, then sends a maximum flow through the arcs of zero
 * reduced cost, i.e. along every cheapest route at once.
 *
 * Why this by default: phases are bounded by the range of the optimal potentials, and for
 * set-off on trade networks that range is tiny (payments travel a few hops: about 15 on
 * 100k-obligation scale-free graphs), so the solve is a handful of near-linear passes;
 * network simplex takes hundreds of thousands of pivots on the same instances. Graphs with
 * long debt chains (rings, grids) need many phases, each O(m); there network simplex wins.
 */
export function minCostFlow(problem: TransshipmentProblem): TransshipmentSolution {
  const n = problem.nodeCount;
  const m = problem.source.length;
  const S = n;
  const T = n + 1;
  const N = n + 2;

  // Arc pairs: 2k forward, 2k+1 its reverse. Obligation arcs first, then source/sink arcs.
  let terminals = 0;
  for (const b of problem.supply) if (b !== 0n) terminals++;
  const A = 2 * (m + terminals);
  const head = new Int32Array(A);
  const cost = new Int32Array(A);
  const capacity = new Array<bigint>(A).fill(0n);
  for (let k = 0; k < m; k++) {
    const c = problem.cost[k];
    if (c < 0) throw new Error("minCostFlow needs non-negative costs");
    head[2 * k] = problem.target[k];
    head[2 * k + 1] = problem.source[k];
    cost[2 * k] = c;
    cost[2 * k + 1] = -c;
    capacity[2 * k] = problem.capacity[k];
  }
  let e = 2 * m;
  let bound = 0n;
  let totalSupply = 0n;
  problem.supply.forEach((b, v) => {
    if (b > 0n) {
      head[e] = v;
      head[e + 1] = S;
      capacity[e] = b;
      totalSupply += b;
    } else if (b < 0n) {
      head[e] = T;
      head[e + 1] = v;
      capacity[e] = -b;
    } else return;
    if (capacity[e] > bound) bound = capacity[e];
    e += 2;
  });
  for (let k = 0; k < m; k++) if (capacity[2 * k] > bound) bound = capacity[2 * k];
  const safe = bound <= BigInt(Number.MAX_SAFE_INTEGER);
  const residual: Residual = safe ? new Float64Residual(capacity) : new BigIntResidual(capacity);
  const open = residual.open;

  // Out-arcs of each node (forward and reverse arcs alike), in compressed rows.
  const adjStart = new Int32Array(N + 1);
  for (let a = 0; a < A; a++) adjStart[head[a ^ 1] + 1]++;
  for (let v = 0; v < N; v++) adjStart[v + 1] += adjStart[v];
  const adj = new Int32Array(A);
  const fill = adjStart.slice(0, N);
  for (let a = 0; a < A; a++) adj[fill[head[a ^ 1]]++] = a;

  const p = new Int32Array(N);
  const dist = new Int32Array(N);
  const level = new Int32Array(N);
  const queue = new Int32Array(N);
  const current = new Int32Array(N);
  const path = new Int32Array(N);
  const zeroStart = new Int32Array(N + 1);
  const zeroAdj = new Int32Array(A);
  const buckets: number[][] = [];
  let phases = 0;
  let augmentations = 0;
  // Each phase lengthens the cheapest S-T route by at least 1, and a simple route costs at
  // most N * max cost: beyond that only an implementation fault could keep it going.
  let maxCost = 0;
  for (let k = 0; k < m; k++) if (problem.cost[k] > maxCost) maxCost = problem.cost[k];
  const phaseLimit = (N + 1) * (maxCost + 1) + 16;

  for (;;) {
    // Dijkstra from S on reduced costs with a bucket queue, stopped once T is settled:
    // nodes farther than T get T's distance, which keeps every reduced cost non-negative.
    dist.fill(UNREACHED);
    dist[S] = 0;
    (buckets[0] ??= []).push(S);
    let reached = UNREACHED;
    let highest = 0;
    for (let d = 0; d <= highest && reached === UNREACHED; d++) {
      const bucket = buckets[d];
      if (bucket === undefined) continue;
      for (let i = 0; i < bucket.length; i++) {
        const u = bucket[i];
        if (dist[u] !== d) continue;
        if (u === T) {
          reached = d;
          break;
        }
        const pu = p[u];
        for (let j = adjStart[u], end = adjStart[u + 1]; j < end; j++) {
          const a = adj[j];
          if (open[a] === 0) continue;
          const v = head[a];
          const nd = d + cost[a] + pu - p[v];
          if (nd < dist[v]) {
            dist[v] = nd;
            (buckets[nd] ??= []).push(v);
            if (nd > highest) highest = nd;
          }
        }
      }
    }
    for (let d = 0; d <= highest; d++) if (buckets[d] !== undefined) buckets[d].length = 0;
    if (reached === UNREACHED) break;
    if (++phases > phaseLimit) throw new Error(`minCostFlow exceeded ${phaseLimit} phases: an implementation fault`);
    for (let v = 0; v < N; v++) p[v] += dist[v] < reached ? dist[v] : reached;

    // Potentials stay fixed for the rest of the phase, and so does the set of arcs with
    // zero reduced cost (only their room changes): gather them once, so that the blocking
    // flows below scan a small subgraph instead of the whole network.
    zeroStart.fill(0);
    for (let a = 0; a < A; a++) {
      if (cost[a] + p[head[a ^ 1]] - p[head[a]] === 0) {
        zeroStart[head[a ^ 1] + 1]++;
      }
    }
    for (let v = 0; v < N; v++) zeroStart[v + 1] += zeroStart[v];
    current.set(zeroStart.subarray(0, N));
    for (let a = 0; a < A; a++) {
      if (cost[a] + p[head[a ^ 1]] - p[head[a]] === 0) zeroAdj[current[head[a ^ 1]]++] = a;
    }

    // Maximum flow over the admissible arcs by Dinic's blocking flows.
    for (;;) {
      level.fill(-1);
      level[S] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = S;
      while (qh < qt) {
        const u = queue[qh++];
        if (level[T] !== -1 && level[u] >= level[T]) break;
        for (let j = zeroStart[u], end = zeroStart[u + 1]; j < end; j++) {
          const a = zeroAdj[j];
          const v = head[a];
          if (open[a] === 1 && level[v] === -1) {
            level[v] = level[u] + 1;
            queue[qt++] = v;
          }
        }
      }
      if (level[T] === -1) break;

      current.set(zeroStart.subarray(0, N));
      let top = 0;
      let u = S;
      for (;;) {
        if (u === T) {
          const back = residual.augment(path, top);
          augmentations++;
          top = back;
          u = top === 0 ? S : head[path[top - 1]];
          continue;
        }
        let next = -1;
        const want = level[u] + 1;
        for (let j = current[u], end = zeroStart[u + 1]; j < end; j++) {
          const a = zeroAdj[j];
          if (open[a] === 1 && level[head[a]] === want) {
            next = a;
            current[u] = j;
            break;
          }
        }
        if (next !== -1) {
          path[top++] = next;
          u = head[next];
          continue;
        }
        // Dead end: no route to T through u in this level graph.
        current[u] = zeroStart[u + 1];
        level[u] = -1;
        if (u === S) break;
        top--;
        u = head[path[top] ^ 1];
        current[u]++;
      }
    }
  }

  for (let a = 2 * m; a < A; a += 2) {
    if (open[a] === 1) throw new Error(`Supplies cannot all be routed (total ${totalSupply}): the problem is infeasible`);
  }
  const flow = new Array<bigint>(m);
  for (let k = 0; k < m; k++) flow[k] = problem.capacity[k] - residual.value(2 * k);
  return { flow, potential: p.slice(0, n), phases, augmentations, arithmetic: safe ? "float64" : "bigint" };
}
