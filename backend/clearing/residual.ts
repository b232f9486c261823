/**
 * Residual capacities for the primal-dual min-cost flow, in two arithmetics. The shortest
 * path and level searches only ask whether an arc has room (`open`); capacities are read
 * and written only when a path is augmented, so that one step lives here, once per
 * arithmetic: float64 when every capacity and supply is a safe integer (every residual then
 * stays in [0, that bound], so doubles are exact), bigint otherwise.
 *
 * Arcs come in pairs: e and e ^ 1 are each other's reverse.
 */
export interface Residual {
  /** 1 while the arc has residual capacity. */
  readonly open: Uint8Array;
  /**
   * Pushes the bottleneck along `path[0 .. length)` and returns the position of the first
   * arc it saturates (where the search has to back up to).
   */
  augment(path: Int32Array, length: number): number;
  /** Residual capacity of an arc. */
  value(arc: number): bigint;
}

export class Float64Residual implements Residual {
  readonly open: Uint8Array;
  private readonly res: Float64Array;

  constructor(capacity: readonly bigint[]) {
    this.res = Float64Array.from(capacity, Number);
    this.open = Uint8Array.from(capacity, (c) => (c > 0n ? 1 : 0));
  }

  augment(path: Int32Array, length: number): number {
    const res = this.res;
    let delta = Infinity;
    for (let i = 0; i < length; i++) if (res[path[i]] < delta) delta = res[path[i]];
    let first = -1;
    for (let i = 0; i < length; i++) {
      const e = path[i];
      res[e] -= delta;
      res[e ^ 1] += delta;
      this.open[e ^ 1] = 1;
      if (res[e] === 0) {
        this.open[e] = 0;
        if (first === -1) first = i;
      }
    }
    return first;
  }

  value(arc: number): bigint {
    return BigInt(this.res[arc]);
  }
}

export class BigIntResidual implements Residual {
  readonly open: Uint8Array;
  private readonly res: bigint[];

  constructor(capacity: readonly bigint[]) {
    this.res = capacity.slice();
    this.open = Uint8Array.from(capacity, (c) => (c > 0n ? 1 : 0));
  }

  augment(path: Int32Array, length: number): number {
    const res = this.res;
    let delta = res[path[0]];
    for (let i = 1; i < length; i++) if (res[path[i]] < delta) delta = res[path[i]];
    let first = -1;
    for (let i = 0; i < length; i++) {
      const e = path[i];
      res[e] -= delta;
      res[e ^ 1] += delta;
      this.open[e ^ 1] = 1;
      if (res[e] === 0n) {
        this.open[e] = 0;
        if (first === -1) first = i;
      }
    }
    return first;
  }

  value(arc: number): bigint {
    return this.res[arc];
  }
}
