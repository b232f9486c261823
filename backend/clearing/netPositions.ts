import type { NetPosition } from "./types.js";

/**
 * Each member's receivable minus payable over the given debts, members in order of first
 * appearance. Set-off cancels around cycles, so it leaves these unchanged: computed before
 * and after, they must agree, and they always sum to zero.
 */
export function netPositions(debts: readonly { debtor: string; creditor: string; amount: bigint }[]): NetPosition[] {
  const net = new Map<string, bigint>();
  for (const d of debts) {
    const debtor = d.debtor.toLowerCase();
    const creditor = d.creditor.toLowerCase();
    net.set(debtor, (net.get(debtor) ?? 0n) - d.amount);
    net.set(creditor, (net.get(creditor) ?? 0n) + d.amount);
  }
  return [...net].map(([member, value]) => ({ member, net: value }));
}
