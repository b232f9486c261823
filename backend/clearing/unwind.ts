import { minCostFlow } from "./minCostFlow.js";

/** An obligation of a defaulted cycle with what is still outstanding on it (after the set-off). */
export interface UnwindObligation {
  id: bigint;
  debtor: string;
  creditor: string;
  outstanding: bigint;
}

/** A member's payout before anything rolls: funded + net position; negative only for a defaulter. */
export interface UnwindMember {
  member: string;
  own: bigint;
}

export interface UnwindLine {
  obligationId: bigint;
  amount: bigint;
}

export interface Unwind {
  /** Ascending obligation ids, as ClearingHouse takes them. */
  lines: UnwindLine[];
  /** The amount rolled into the next cycle: what the contract compares proposals by. */
  total: bigint;
  /** What the defaulters did not fund: liquidity needed - funded. */
  shortfall: bigint;
}

export class UnwindCheckError extends Error {}

/**
 * The least unwind of a defaulted cycle: the amounts to roll into the next cycle so that the
 * money funded pays every member a payout (own + rolled as debtor - rolled as creditor) of at
 * least zero, rolling as little as possible. Each unit a defaulter cannot pay travels along
 * obligations, debtor to creditor, until it reaches a member that can bear it (one owed more
 * than it owes), and each obligation it crosses rolls by that unit: a minimum-cost flow with
 * supply = shortfall at each defaulter, a sink taking up to `own` from each member with own > 0,
 * and cost 1 per unit on every obligation. Rolling everything is always feasible (every payout is
 * then what the member funded), so a flow always exists.
 */
export function leastUnwind(obligations: readonly UnwindObligation[], members: readonly UnwindMember[]): Unwind {
  const index = new Map<string, number>();
  const node = (m: string) => {
    let v = index.get(m);
    if (v === undefined) index.set(m, (v = index.size));
    return v;
  };
  const own = new Map(members.map((m) => [m.member, m.own]));
  const live = obligations.filter((o) => o.outstanding > 0n);
  for (const o of live) {
    node(o.debtor);
    node(o.creditor);
  }
  for (const m of members) node(m.member);
  const sink = index.size;
  const source: number[] = [];
  const target: number[] = [];
  const cost: number[] = [];
  const capacity: bigint[] = [];
  for (const o of live) {
    source.push(node(o.debtor));
    target.push(node(o.creditor));
    cost.push(1);
    capacity.push(o.outstanding);
  }
  const supply = new Array<bigint>(sink + 1).fill(0n);
  let shortfall = 0n;
  for (const [member, v] of index) {
    const b = own.get(member) ?? 0n;
    if (b < 0n) {
      supply[v] = -b;
      shortfall += -b;
    } else if (b > 0n) {
      source.push(v);
      target.push(sink);
      cost.push(0);
      capacity.push(b);
    }
  }
  supply[sink] = -shortfall;
  if (shortfall === 0n) return { lines: [], total: 0n, shortfall };
  const { flow } = minCostFlow({
    nodeCount: sink + 1,
    source: Int32Array.from(source),
    target: Int32Array.from(target),
    cost: Int32Array.from(cost),
    capacity,
    supply,
  });
  const lines = live
    .map((o, k) => ({ obligationId: o.id, amount: flow[k] }))
    .filter((l) => l.amount > 0n)
    .sort((a, b) => (a.obligationId < b.obligationId ? -1 : 1));
  return { lines, total: lines.reduce((s, l) => s + l.amount, 0n), shortfall };
}

/**
 * The contract's acceptance rule for an unwind, for tests and as a guard before sending: lines
 * within the outstanding amounts, no touched member left with a negative payout, and every
 * defaulter touched (their shortfall covered). Throws UnwindCheckError naming what fails.
 */
export function checkUnwind(obligations: readonly UnwindObligation[], members: readonly UnwindMember[], lines: readonly UnwindLine[]): void {
  const byId = new Map(obligations.map((o) => [o.id, o]));
  const delta = new Map<string, bigint>();
  let last = 0n;
  for (const l of lines) {
    const o = byId.get(l.obligationId);
    if (!o) throw new UnwindCheckError(`obligation ${l.obligationId} is not in the cycle`);
    if (l.obligationId <= last) throw new UnwindCheckError(`obligation ids must ascend (${l.obligationId} after ${last})`);
    if (l.amount <= 0n || l.amount > o.outstanding) throw new UnwindCheckError(`obligation ${l.obligationId}: ${l.amount} is not within 1..${o.outstanding}`);
    last = l.obligationId;
    delta.set(o.debtor, (delta.get(o.debtor) ?? 0n) + l.amount);
    delta.set(o.creditor, (delta.get(o.creditor) ?? 0n) - l.amount);
  }
  const own = new Map(members.map((m) => [m.member, m.own]));
  for (const member of new Set([...own.keys(), ...delta.keys()])) {
    const before = own.get(member) ?? 0n;
    const d = delta.get(member) ?? 0n;
    if (before < 0n && d === 0n) throw new UnwindCheckError(`defaulter ${member} is not covered`);
    if (d !== 0n && before + d < 0n) throw new UnwindCheckError(`${member} would pay in ${-(before + d)}`);
  }
}
