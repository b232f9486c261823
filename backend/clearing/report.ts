import type { ClearingReport, NetPosition, SetOffResult, SettlementPlan } from "./types.js";

/** floor(100 * part / whole) to 0.01 %, exact in bigint before the one conversion. */
export function percent(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 10_000n) / whole) / 100;
}

/** The per-cycle figures: gross, cancelled, liquidity needed, saving, number of payments. */
export function clearingReport(setOff: SetOffResult, positions: readonly NetPosition[], plan: SettlementPlan): ClearingReport {
  let gross = 0n;
  for (const o of setOff.obligations) gross += o.amount;
  return {
    members: positions.length,
    obligations: setOff.obligations.length,
    gross,
    cancelled: setOff.total,
    remaining: gross - setOff.total,
    liquidityNeeded: plan.liquidityNeeded,
    liquiditySavingPercent: percent(gross - plan.liquidityNeeded, gross),
    setOffPercent: percent(setOff.total, gross),
    payments: plan.payments.length,
  };
}
