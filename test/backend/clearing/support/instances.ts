import { prng } from "../../../../backend/clearing/generate.js";
import type { Obligation } from "../../../../backend/clearing/types.js";

/** Member k's address: readable in failures, and well formed. */
export function member(k: number): string {
  return `0x${(k + 1).toString(16).padStart(40, "0")}`;
}

export function obligation(id: number, debtor: number, creditor: number, amount: bigint | number): Obligation {
  return { id: String(id), debtor: member(debtor), creditor: member(creditor), amount: BigInt(amount) };
}

/**
 * A uniformly random obligation graph (unlike the scale-free generator: no hubs, and with
 * parallel and opposite obligations), seeded so every run repeats.
 */
export function randomObligations(seed: number, members: number, count: number, maxAmount: number): Obligation[] {
  const random = prng(seed);
  const pick = (k: number): number => Math.floor(random() * k);
  const result: Obligation[] = [];
  for (let i = 0; i < count; i++) {
    const debtor = pick(members);
    let creditor = pick(members - 1);
    if (creditor >= debtor) creditor++;
    result.push(obligation(i, debtor, creditor, pick(maxAmount + 1)));
  }
  return result;
}

export function cancelledOf(setOff: { obligations: readonly { cancelled: bigint }[] }): bigint[] {
  return setOff.obligations.map((o) => o.cancelled);
}
