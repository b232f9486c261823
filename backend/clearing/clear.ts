import { netPositions } from "./netPositions.js";
import { clearingReport } from "./report.js";
import { settlementPlan } from "./settlement.js";
import { maximumSetOff } from "./setOff.js";
import type { ClearingReport, NetPosition, Obligation, SetOffResult, SettlementPlan } from "./types.js";

export interface Clearing {
  setOff: SetOffResult;
  /** Net positions over what remains after the set-off (equal to those before it). */
  netPositions: NetPosition[];
  plan: SettlementPlan;
  report: ClearingReport;
}

/** One cycle's clearing: maximum set-off, then the net settlement of the remainder. */
export function clear(obligations: readonly Obligation[]): Clearing {
  const setOff = maximumSetOff(obligations);
  const positions = netPositions(setOff.obligations.map((o) => ({ debtor: o.debtor, creditor: o.creditor, amount: o.remaining })));
  const plan = settlementPlan(positions);
  return { setOff, netPositions: positions, plan, report: clearingReport(setOff, positions, plan) };
}
