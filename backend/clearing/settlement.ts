import type { NetPosition, SettlementPlan } from "./types.js";

/**
 * The net settlement of what the set-off leaves: every net debtor pays its position into
 * the clearing pool once, then every net creditor withdraws its position (pull payments, as
 * the ClearingHouse settles). One payment per member with a non-zero position; the
 * liquidity needed is the sum of the positive positions.
 */
export function settlementPlan(positions: readonly NetPosition[]): SettlementPlan {
  const byAmount = (a: NetPosition, b: NetPosition): number => {
    const da = a.net < 0n ? -a.net : a.net;
    const db = b.net < 0n ? -b.net : b.net;
    if (da !== db) return da > db ? -1 : 1;
    return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
  };
  const funders = positions.filter((p) => p.net < 0n).sort(byAmount);
  const withdrawers = positions.filter((p) => p.net > 0n).sort(byAmount);
  let liquidityNeeded = 0n;
  for (const p of withdrawers) liquidityNeeded += p.net;
  return {
    payments: [
      ...funders.map((p) => ({ member: p.member, kind: "fund" as const, amount: -p.net })),
      ...withdrawers.map((p) => ({ member: p.member, kind: "withdraw" as const, amount: p.net })),
    ],
    liquidityNeeded,
  };
}
