import type { Obligation } from "./types.js";

export interface ScaleFreeOptions {
  members: number;
  obligations: number;
  seed: number;
  /** Amounts are log-uniform in [1, maxAmount] (default 1e12, a trillion token units). */
  maxAmount?: number;
  /**
   * Multiplies each amount and adds random lower digits below it, e.g. 10n ** 12n turns
   * whole units into 18-decimal token amounts well past 2^53 (the bigint path).
   */
  scale?: bigint;
}

/** mulberry32: a tiny, fast, seedable PRNG, so every benchmark and test run repeats. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Random obligations on a scale-free graph grown by preferential attachment (Barabási-Albert):
 * members join one by one and each brings its share of the obligations, linked to earlier
 * members chosen in proportion to their degree, so a few hubs trade with many, as real
 * trade-credit networks do. Each obligation's direction is a coin toss, which closes the
 * cycles a set-off needs. Parallel obligations (several invoices between the same pair)
 * happen, as in real data. Deterministic for a given seed.
 */
export function scaleFreeObligations(options: ScaleFreeOptions): Obligation[] {
  const { members, obligations, seed, maxAmount = 1e12, scale = 1n } = options;
  if (!Number.isInteger(members) || members < 2) throw new Error("A scale-free instance needs at least 2 members");
  const random = prng(seed);
  const hex = (): string => {
    let s = "0x";
    for (let i = 0; i < 5; i++)
      s += Math.floor(random() * 2 ** 32)
        .toString(16)
        .padStart(8, "0");
    return s;
  };
  const addresses = Array.from({ length: members }, hex);
  // Every arc endpoint once: drawing uniformly from it draws members by degree.
  const endpoints: number[] = [0];
  const result: Obligation[] = [];
  const logMax = Math.log(maxAmount);
  for (let j = 1; j < members; j++) {
    const share = Math.floor((j * obligations) / (members - 1)) - Math.floor(((j - 1) * obligations) / (members - 1));
    for (let k = 0; k < share; k++) {
      let other = j;
      while (other === j) other = endpoints[Math.floor(random() * endpoints.length)];
      endpoints.push(j, other);
      const [debtor, creditor] = random() < 0.5 ? [j, other] : [other, j];
      const units = BigInt(Math.max(1, Math.floor(Math.exp(random() * logMax))));
      const amount = scale === 1n ? units : units * scale + (BigInt(Math.floor(random() * 2 ** 32)) * scale) / 2n ** 32n;
      result.push({ id: BigInt(result.length + 1), debtor: addresses[debtor], creditor: addresses[creditor], amount });
    }
  }
  return result;
}
