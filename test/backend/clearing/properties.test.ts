import { expect } from "chai";
import fc from "fast-check";
import { checkSetOff } from "../../../backend/clearing/certificate.js";
import { clear } from "../../../backend/clearing/clear.js";
import { prng } from "../../../backend/clearing/generate.js";
import { netPositions } from "../../../backend/clearing/netPositions.js";
import { maximumSetOff } from "../../../backend/clearing/setOff.js";
import type { Obligation } from "../../../backend/clearing/types.js";
import { cancelledOf, obligation } from "./support/instances.js";

/** Random obligation lists over a handful of members, so that cycles are common. */
const obligationsArb = (maxAmount: bigint): fc.Arbitrary<Obligation[]> =>
  fc
    .array(
      fc.record({ debtor: fc.nat(7), creditor: fc.nat(7), amount: fc.bigInt({ min: 0n, max: maxAmount }) }).filter((o) => o.debtor !== o.creditor),
      { maxLength: 40 },
    )
    .map((list) => list.map((o, i) => obligation(i, o.debtor, o.creditor, o.amount)));

const byMember = (positions: { member: string; net: bigint }[]): Map<string, bigint> => new Map(positions.map((p) => [p.member, p.net]));

describe("clearing solver: invariants on random instances (fast-check)", function () {
  this.timeout(120_000);

  it("cancels a circulation within the outstanding amounts, proven maximal by its potentials", function () {
    fc.assert(
      fc.property(obligationsArb(1_000n), (obligations) => {
        const result = maximumSetOff(obligations);
        result.obligations.forEach((o, k) => {
          expect(o.cancelled >= 0n && o.cancelled <= obligations[k].amount).to.equal(true);
          expect(o.cancelled + o.remaining).to.equal(obligations[k].amount);
        });
        const check = checkSetOff(obligations, cancelledOf(result), result.potentials);
        expect(check.total).to.equal(result.total);
        expect(check.upperBound).to.equal(result.total);
      }),
      { numRuns: 300 },
    );
  });

  it("finds the same total with primal-dual and with network simplex, two independent exact methods", function () {
    fc.assert(
      fc.property(obligationsArb(50n), (obligations) => {
        const a = maximumSetOff(obligations, { algorithm: "primal-dual" });
        const b = maximumSetOff(obligations, { algorithm: "network-simplex" });
        expect(a.total).to.equal(b.total);
        checkSetOff(obligations, cancelledOf(b), b.potentials);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves every member's net position unchanged, and the positions sum to zero", function () {
    fc.assert(
      fc.property(obligationsArb(1_000_000n), (obligations) => {
        const before = netPositions(obligations);
        const { netPositions: after, plan, report } = clear(obligations);
        expect(byMember(after)).to.deep.equal(byMember(before));
        expect(after.reduce((s, p) => s + p.net, 0n)).to.equal(0n);
        expect(plan.payments.length).to.equal(after.filter((p) => p.net !== 0n).length);
        expect(report.liquidityNeeded).to.equal(after.reduce((s, p) => s + (p.net > 0n ? p.net : 0n), 0n));
        expect(report.liquidityNeeded <= report.remaining).to.equal(true);
      }),
      { numRuns: 200 },
    );
  });

  it("finds the same total whatever the order of the obligations", function () {
    fc.assert(
      fc.property(obligationsArb(1_000n), fc.integer(), (obligations, seed) => {
        const random = prng(seed);
        const shuffled = obligations.slice();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(maximumSetOff(shuffled).total).to.equal(maximumSetOff(obligations).total);
      }),
      { numRuns: 200 },
    );
  });

  it("scales exactly when amounts are multiplied past 2^53, which switches to bigint arithmetic", function () {
    const factor = (1n << 70n) + 1n;
    fc.assert(
      fc.property(obligationsArb(1_000n), (obligations) => {
        const small = maximumSetOff(obligations);
        const scaled = obligations.map((o) => ({ ...o, amount: o.amount * factor }));
        for (const algorithm of ["primal-dual", "network-simplex"] as const) {
          const big = maximumSetOff(scaled, { algorithm });
          expect(big.total).to.equal(small.total * factor);
          // Any cancellation means a cycle of amounts now past 2^53 went through the solver.
          if (small.total > 0n) expect(big.arithmetic).to.equal("bigint");
          checkSetOff(scaled, cancelledOf(big), big.potentials);
        }
      }),
      { numRuns: 150 },
    );
  });
});
