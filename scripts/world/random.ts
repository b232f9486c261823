/**
 * A seeded generator (mulberry32): the same seed and scale give the same world, so a bench run
 * can be repeated and two runs compared.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** `k` distinct elements of `xs` (k ≤ xs.length). */
  sample<T>(xs: readonly T[], k: number): T[];
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (xs) => xs[int(xs.length)]!,
    sample<T>(xs: readonly T[], k: number): T[] {
      // Rejection is cheap while k is small against xs, which is how the generator uses it.
      const chosen = new Set<number>();
      while (chosen.size < k) chosen.add(int(xs.length));
      return [...chosen].map((i) => xs[i]!);
    },
  };
}
