import type { Obligation } from "./types.js";

/** A set-off that is not a valid circulation, or whose optimality proof does not hold. */
export class SetOffCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SetOffCheckError";
  }
}

export interface SetOffCheck {
  /** Sum cancelled. */
  total: bigint;
  /** The dual bound sum amount * max(0, 1 + p[debtor] - p[creditor]); equals `total` when optimal. */
  upperBound: bigint;
}

/**
 * Checks a proposed set-off the way the ClearingHouse contract will (every amount within
 * what is outstanding; every member cancels as much as debtor as as creditor) and, given
 * member potentials, proves it maximal by LP weak duality:
 *
 * for any circulation x, sum x_e = sum x_e * (1 + p[u_e] - p[v_e]) (potential differences
 * cancel around a circulation) <= sum amount_e * max(0, 1 + p[u_e] - p[v_e]).
 *
 * So if that bound equals the proposal's total, no set-off can be larger. It is written
 * independently of the solver (only the inputs and outputs, O(m), exact bigint) so it can
 * vouch for the solver on instances too large for an LP solver.
 */
export function checkSetOff(obligations: readonly Obligation[], cancelled: readonly bigint[], potentials?: ReadonlyMap<string, number>): SetOffCheck {
  if (cancelled.length !== obligations.length) {
    throw new SetOffCheckError(`${cancelled.length} cancellations for ${obligations.length} obligations`);
  }
  const asDebtor = new Map<string, bigint>();
  const asCreditor = new Map<string, bigint>();
  let total = 0n;
  obligations.forEach((o, k) => {
    const x = cancelled[k];
    if (x < 0n || x > o.amount) {
      throw new SetOffCheckError(`Obligation ${String(o.id)}: cancels ${x} of ${o.amount} outstanding`);
    }
    const debtor = o.debtor.toLowerCase();
    const creditor = o.creditor.toLowerCase();
    asDebtor.set(debtor, (asDebtor.get(debtor) ?? 0n) + x);
    asCreditor.set(creditor, (asCreditor.get(creditor) ?? 0n) + x);
    total += x;
  });
  for (const member of new Set([...asDebtor.keys(), ...asCreditor.keys()])) {
    const debit = asDebtor.get(member) ?? 0n;
    const credit = asCreditor.get(member) ?? 0n;
    if (debit !== credit) {
      throw new SetOffCheckError(`Not a circulation: ${member} would cancel ${debit} as debtor but ${credit} as creditor`);
    }
  }
  if (potentials === undefined) return { total, upperBound: total };

  let upperBound = 0n;
  for (const o of obligations) {
    const pu = potentials.get(o.debtor.toLowerCase());
    const pv = potentials.get(o.creditor.toLowerCase());
    if (pu === undefined || pv === undefined || !Number.isSafeInteger(pu) || !Number.isSafeInteger(pv)) {
      throw new SetOffCheckError(`Obligation ${String(o.id)}: no integer potential for its debtor or creditor`);
    }
    const gain = 1n + BigInt(pu) - BigInt(pv);
    if (gain > 0n) upperBound += o.amount * gain;
  }
  if (upperBound !== total) {
    throw new SetOffCheckError(`Not proven optimal: the potentials bound the set-off by ${upperBound}, the proposal cancels ${total}`);
  }
  return { total, upperBound };
}
