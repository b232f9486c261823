import { expect } from "chai";
import { netPositions } from "../../../backend/clearing/netPositions.js";
import { prng } from "../../../backend/clearing/generate.js";
import { referenceUnwind } from "../../../backend/clearing/reference.js";
import { checkUnwind, leastUnwind, UnwindCheckError, type UnwindMember, type UnwindObligation } from "../../../backend/clearing/unwind.js";
import { member, randomObligations } from "./support/instances.js";

const [A, B, C, D, E] = [0, 1, 2, 3, 4].map(member);

function owes(id: number, debtor: string, creditor: string, outstanding: bigint): UnwindObligation {
  return { id: BigInt(id), debtor, creditor, outstanding };
}

/** Each member's funded + net position, with `funders` (net debtors) having funded in full. */
function membersOf(obligations: readonly UnwindObligation[], funders: (m: string) => boolean): UnwindMember[] {
  return netPositions(obligations.map((o) => ({ debtor: o.debtor, creditor: o.creditor, amount: o.outstanding }))).map((p) => ({
    member: p.member,
    own: p.net < 0n && funders(p.member) ? 0n : p.net,
  }));
}

/** Payouts after rolling `lines`: own + rolled as debtor - rolled as creditor. */
function payouts(obligations: readonly UnwindObligation[], members: readonly UnwindMember[], lines: { obligationId: bigint; amount: bigint }[]) {
  const out = new Map(members.map((m) => [m.member, m.own]));
  const byId = new Map(obligations.map((o) => [o.id, o]));
  for (const l of lines) {
    const o = byId.get(l.obligationId)!;
    out.set(o.debtor, (out.get(o.debtor) ?? 0n) + l.amount);
    out.set(o.creditor, (out.get(o.creditor) ?? 0n) - l.amount);
  }
  return out;
}

describe("clearing: the least unwind of a defaulted cycle", function () {
  this.timeout(120_000);

  it("rolls a defaulter's debt on through a member who funded exactly what it owed, to one who can bear it", function () {
    // b owes a 50, c owes b 20; b funded its 30, c defaulted on its 20 (the operator test's triangle).
    const obligations = [owes(1, B, A, 50n), owes(2, C, B, 20n)];
    const members = [
      { member: A, own: 50n },
      { member: B, own: 0n },
      { member: C, own: -20n },
    ];
    const u = leastUnwind(obligations, members);
    expect(u.lines).to.deep.equal([
      { obligationId: 1n, amount: 20n },
      { obligationId: 2n, amount: 20n },
    ]);
    expect([u.total, u.shortfall]).to.deep.equal([40n, 20n]);
    expect(payouts(obligations, members, u.lines)).to.deep.equal(
      new Map([
        [A, 30n],
        [B, 0n],
        [C, 0n],
      ]),
    );
  });

  it("rolls a defaulter's debts to its own creditors first, up to what each can bear", function () {
    // d owes a 10 and b 30; a is owed 10 in all, b 30; e funded 5 it owed c.
    const obligations = [owes(1, D, A, 10n), owes(2, D, B, 30n), owes(3, E, C, 5n)];
    const members = membersOf(obligations, (m) => m === E);
    const u = leastUnwind(obligations, members);
    expect(u.total).to.equal(40n);
    expect(u.lines.map((l) => l.obligationId)).to.deep.equal([1n, 2n]);
    const paid = payouts(obligations, members, u.lines);
    expect(paid.get(C)).to.equal(5n); // c is paid what e funded
  });

  it("rolls nothing when nobody defaulted", function () {
    const obligations = [owes(1, A, B, 10n)];
    expect(
      leastUnwind(
        obligations,
        membersOf(obligations, () => true),
      ),
    ).to.deep.equal({ lines: [], total: 0n, shortfall: 0n });
  });

  it("matches HiGHS's optimum and the contract's rule on random defaulted cycles, paying out exactly what was funded", async function () {
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(7_000 + seed);
      const size = 3 + (seed % 10);
      const obligations = randomObligations(seed, size, 4 + seed * 2, [10, 1_000, 1_000_000][seed % 3])
        .filter((o) => o.amount > 0n)
        .map((o, i) => owes(i + 1, o.debtor, o.creditor, o.amount));
      const funding = new Map<string, boolean>();
      const members = membersOf(obligations, (m) => {
        if (!funding.has(m)) funding.set(m, random() < 0.5);
        return funding.get(m)!;
      });
      const u = leastUnwind(obligations, members);
      checkUnwind(obligations, members, u.lines);
      const reference = await referenceUnwind(obligations, members);
      expect(Number(u.total), `seed ${seed}`).to.equal(reference.total);
      // What the funders paid in: their whole net debit.
      const funded = netPositions(obligations.map((o) => ({ debtor: o.debtor, creditor: o.creditor, amount: o.outstanding })))
        .filter((p) => p.net < 0n && funding.get(p.member))
        .reduce((sum, p) => sum - p.net, 0n);
      const paid = [...payouts(obligations, members, u.lines).values()];
      expect(
        paid.every((p) => p >= 0n),
        `seed ${seed}`,
      ).to.equal(true);
      expect(
        paid.reduce((sum, p) => sum + p, 0n),
        `seed ${seed}`,
      ).to.equal(funded);
      expect(u.total <= obligations.reduce((s, o) => s + o.outstanding, 0n)).to.equal(true);
    }
  });

  describe("the contract's rule, as checkUnwind states it", function () {
    const obligations = [owes(1, B, A, 50n), owes(2, C, B, 20n)];
    const members = [
      { member: A, own: 50n },
      { member: B, own: 0n },
      { member: C, own: -20n },
    ];

    it("refuses an unwind that leaves a touched member paying in", function () {
      expect(() => checkUnwind(obligations, members, [{ obligationId: 2n, amount: 20n }])).to.throw(UnwindCheckError, `${B} would pay in 20`);
    });

    it("refuses an unwind that leaves a defaulter out", function () {
      expect(() => checkUnwind(obligations, members, [{ obligationId: 1n, amount: 5n }])).to.throw(UnwindCheckError, `defaulter ${C} is not covered`);
    });

    it("refuses lines beyond what is outstanding, out of order or outside the cycle", function () {
      expect(() => checkUnwind(obligations, members, [{ obligationId: 2n, amount: 21n }])).to.throw(UnwindCheckError, "not within 1..20");
      const reversed = [
        { obligationId: 2n, amount: 20n },
        { obligationId: 1n, amount: 20n },
      ];
      expect(() => checkUnwind(obligations, members, reversed)).to.throw(UnwindCheckError, "must ascend");
      expect(() => checkUnwind(obligations, members, [{ obligationId: 9n, amount: 1n }])).to.throw(UnwindCheckError, "not in the cycle");
    });
  });
});
