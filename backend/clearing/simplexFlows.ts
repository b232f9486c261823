/**
 * Arc flows for the network simplex, in two arithmetics. The simplex's pivot search and
 * tree updates only look at potentials; flows are touched only by the ratio test and the
 * augmentation along the pivot cycle, so those two steps live here, once per arithmetic:
 * float64 when every capacity is a safe integer (all partial sums stay in [0, capacity],
 * so doubles are exact), bigint otherwise (18-decimal tokens pass 2^53 quickly).
 */

/** Tree arrays the flow steps walk; owned by the simplex. Direction +1: pred arc points up. */
export interface TreeView {
  parent: Int32Array;
  pred: Int32Array;
  predDir: Int8Array;
  source: Int32Array;
  target: Int32Array;
}

export interface FlowStore {
  /** Node whose pred arc leaves the tree, set by `ratioTest`. */
  uOut: number;
  /** Whether the cycle's bottleneck was zero (a degenerate pivot). */
  degenerate: boolean;
  /**
   * Finds the bottleneck of the cycle closed by `inArc`. Ties go to the last blocking arc
   * met when walking the cycle in flow direction from the join node, which keeps the tree
   * strongly feasible and so rules out cycling (Cunningham 1976). Returns 0 when `inArc`
   * itself blocks, 1 when the leaving arc is on the `first` side, 2 on the `second` side.
   */
  ratioTest(inArc: number, first: number, second: number, join: number): 0 | 1 | 2;
  /** Pushes the bottleneck found by `ratioTest` around the cycle; state +1 = inArc at lower bound. */
  augment(inArc: number, inState: number, join: number): void;
  isZero(arc: number): boolean;
  value(arc: number): bigint;
}

export class Float64Flows implements FlowStore {
  uOut = -1;
  degenerate = false;
  private delta = 0;
  private readonly flow: Float64Array;
  private readonly cap: Float64Array;

  /** Arcs at index >= capacity.length are the artificial ones: uncapacitated. */
  constructor(
    private readonly tree: TreeView,
    capacity: readonly bigint[],
    arcCount: number,
  ) {
    this.flow = new Float64Array(arcCount);
    this.cap = new Float64Array(arcCount).fill(Infinity);
    for (let a = 0; a < capacity.length; a++) this.cap[a] = Number(capacity[a]);
  }

  ratioTest(inArc: number, first: number, second: number, join: number): 0 | 1 | 2 {
    const { parent, pred, predDir } = this.tree;
    const flow = this.flow;
    const cap = this.cap;
    let delta = cap[inArc];
    let result: 0 | 1 | 2 = 0;
    for (let u = first; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === -1 ? cap[e] - flow[e] : flow[e];
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === 1 ? cap[e] - flow[e] : flow[e];
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    this.delta = delta;
    this.degenerate = delta === 0;
    return result;
  }

  augment(inArc: number, inState: number, join: number): void {
    if (this.delta === 0) return;
    const { parent, pred, predDir, source, target } = this.tree;
    const flow = this.flow;
    const val = inState * this.delta;
    flow[inArc] += val;
    for (let u = source[inArc]; u !== join; u = parent[u]) flow[pred[u]] -= predDir[u] * val;
    for (let u = target[inArc]; u !== join; u = parent[u]) flow[pred[u]] += predDir[u] * val;
  }

  isZero(arc: number): boolean {
    return this.flow[arc] === 0;
  }

  value(arc: number): bigint {
    return BigInt(this.flow[arc]);
  }
}

export class BigIntFlows implements FlowStore {
  uOut = -1;
  degenerate = false;
  private delta = 0n;
  private readonly flow: bigint[];
  private readonly cap: bigint[];

  constructor(
    private readonly tree: TreeView,
    capacity: readonly bigint[],
    arcCount: number,
  ) {
    // Artificial arcs never carry flow (they all point into the root, which has no supply),
    // so any capacity above every real one makes them non-binding.
    const unbounded = capacity.reduce((s, c) => s + c, 1n);
    this.flow = new Array<bigint>(arcCount).fill(0n);
    this.cap = new Array<bigint>(arcCount).fill(unbounded);
    for (let a = 0; a < capacity.length; a++) this.cap[a] = capacity[a];
  }

  ratioTest(inArc: number, first: number, second: number, join: number): 0 | 1 | 2 {
    const { parent, pred, predDir } = this.tree;
    const flow = this.flow;
    const cap = this.cap;
    let delta = cap[inArc];
    let result: 0 | 1 | 2 = 0;
    for (let u = first; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === -1 ? cap[e] - flow[e] : flow[e];
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === 1 ? cap[e] - flow[e] : flow[e];
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    this.delta = delta;
    this.degenerate = delta === 0n;
    return result;
  }

  augment(inArc: number, inState: number, join: number): void {
    if (this.delta === 0n) return;
    const { parent, pred, predDir, source, target } = this.tree;
    const flow = this.flow;
    const val = inState === 1 ? this.delta : -this.delta;
    flow[inArc] += val;
    for (let u = source[inArc]; u !== join; u = parent[u]) {
      if (predDir[u] === 1) flow[pred[u]] -= val;
      else flow[pred[u]] += val;
    }
    for (let u = target[inArc]; u !== join; u = parent[u]) {
      if (predDir[u] === 1) flow[pred[u]] += val;
      else flow[pred[u]] -= val;
    }
  }

  isZero(arc: number): boolean {
    return this.flow[arc] === 0n;
  }

  value(arc: number): bigint {
    return this.flow[arc];
  }
}
