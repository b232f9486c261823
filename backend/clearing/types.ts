/**
 * Shapes of the corporate-clearing solver. Amounts are integer token units as bigint: a
 * settlement token may have 18 decimals, so real amounts pass 2^53 and must stay exact.
 */

/** One outstanding payment obligation: `debtor` owes `creditor` `amount`. */
export interface Obligation {
  id: string | bigint;
  debtor: string;
  creditor: string;
  amount: bigint;
}

/** What the set-off does to one obligation. Addresses are lowercase. */
export interface ObligationSetOff {
  id: string | bigint;
  debtor: string;
  creditor: string;
  /** Outstanding before the set-off. */
  amount: bigint;
  /** Cancelled by the set-off: 0 <= cancelled <= amount. */
  cancelled: bigint;
  /** amount - cancelled: what the net settlement still has to clear. */
  remaining: bigint;
}

/** One member's net position: receivable minus payable. Positive = net creditor. */
export interface NetPosition {
  member: string;
  net: bigint;
}

export interface SetOffResult {
  /** One entry per input obligation, in input order. */
  obligations: ObligationSetOff[];
  /** Sum of `cancelled`: the maximum total multilateral set-off. */
  total: bigint;
  /**
   * An optimality certificate: a potential per member (LP dual of the conservation rows)
   * such that sum over obligations of amount * max(0, 1 + p[debtor] - p[creditor]) equals
   * `total`. By weak duality no circulation can cancel more. See certificate.ts.
   */
  potentials: Map<string, number>;
  algorithm: "primal-dual" | "network-simplex";
  /** Which arithmetic solved it: float64 when every capacity is a safe integer, else bigint. */
  arithmetic: "float64" | "bigint";
  /** Augmenting paths (primal-dual) or pivots (network simplex); for benchmarks. */
  steps: number;
}

/** A member's single payment in the net settlement: fund the pool or withdraw from it. */
export interface SettlementPayment {
  member: string;
  kind: "fund" | "withdraw";
  amount: bigint;
}

export interface SettlementPlan {
  /** Net debtors fund first (largest first), then net creditors withdraw. */
  payments: SettlementPayment[];
  /** Sum of positive net positions = sum of negative ones: the money that has to move. */
  liquidityNeeded: bigint;
}

/** The per-cycle figures the issue asks for. */
export interface ClearingReport {
  members: number;
  obligations: number;
  /** Sum of outstanding amounts before clearing. */
  gross: bigint;
  /** Amount extinguished by the multilateral set-off. */
  cancelled: bigint;
  /** gross - cancelled: obligations still standing after the set-off. */
  remaining: bigint;
  /** Liquidity the net settlement needs (sum of positive net positions). */
  liquidityNeeded: bigint;
  /** (gross - liquidityNeeded) / gross in %, rounded down to 0.01 %; 0 for an empty cycle. */
  liquiditySavingPercent: number;
  /** (cancelled / gross) in %, rounded down to 0.01 %; the share extinguished by set-off alone. */
  setOffPercent: number;
  /** Number of settlement payments: one per member with a non-zero net position. */
  payments: number;
}
