import { expect } from "chai";
import { checkSetOff } from "../../../backend/clearing/certificate.js";
import { clear } from "../../../backend/clearing/clear.js";
import { maximumSetOff, type SetOffAlgorithm } from "../../../backend/clearing/setOff.js";
import type { Obligation } from "../../../backend/clearing/types.js";
import { cancelledOf, member, obligation } from "./support/instances.js";

const A = 0;
const B = 1;
const C = 2;
const D = 3;

function solved(obligations: Obligation[], algorithm: SetOffAlgorithm) {
  const result = maximumSetOff(obligations, { algorithm });
  // Every hand-made answer must also carry a valid proof of optimality.
  expect(checkSetOff(obligations, cancelledOf(result), result.potentials).upperBound).to.equal(result.total);
  return result;
}

for (const algorithm of ["primal-dual", "network-simplex"] as const) {
  describe(`clearing solver (${algorithm}): hand-made cases`, function () {
    it("cancels the smallest debt's amount all round a simple 3-cycle", function () {
      const result = solved([obligation(1, A, B, 10), obligation(2, B, C, 7), obligation(3, C, A, 5)], algorithm);
      expect(cancelledOf(result)).to.deep.equal([5n, 5n, 5n]);
      expect(result.obligations.map((o) => o.remaining)).to.deep.equal([5n, 2n, 0n]);
      expect(result.total).to.equal(15n);
    });

    it("runs both of two cycles through a shared debt when it has room for both", function () {
      const result = solved(
        [obligation(1, A, B, 10), obligation(2, B, C, 10), obligation(3, C, A, 4), obligation(4, B, D, 5), obligation(5, D, A, 8)],
        algorithm,
      );
      expect(cancelledOf(result)).to.deep.equal([9n, 4n, 4n, 5n, 5n]);
      expect(result.total).to.equal(27n);
    });

    it("prefers the longer cycle when two cycles compete for one debt (cancelling short cycles first would halve it)", function () {
      const result = solved(
        [obligation(1, A, B, 5), obligation(2, B, A, 5), obligation(3, B, C, 5), obligation(4, C, D, 5), obligation(5, D, A, 5)],
        algorithm,
      );
      expect(cancelledOf(result)).to.deep.equal([5n, 0n, 5n, 5n, 5n]);
      expect(result.total).to.equal(20n);
    });

    it("cancels nothing on a graph without cycles", function () {
      const result = solved([obligation(1, A, B, 10), obligation(2, B, C, 7), obligation(3, A, C, 5), obligation(4, C, D, 1)], algorithm);
      expect(result.total).to.equal(0n);
      expect(result.obligations.map((o) => o.remaining)).to.deep.equal([10n, 7n, 5n, 1n]);
    });

    it("spreads a cancellation over parallel obligations, first listed first", function () {
      const result = solved([obligation(1, A, B, 3), obligation(2, A, B, 4), obligation(3, B, A, 5)], algorithm);
      expect(cancelledOf(result)).to.deep.equal([3n, 2n, 5n]);
      expect(result.total).to.equal(10n);
    });

    it("stays exact with amounts beyond 2^53 by switching to bigint arithmetic", function () {
      const big = 2n ** 53n;
      const result = solved([obligation(1, A, B, big + 3n), obligation(2, B, C, big + 1n), obligation(3, C, A, big + 2n)], algorithm);
      expect(result.arithmetic).to.equal("bigint");
      expect(cancelledOf(result)).to.deep.equal([big + 1n, big + 1n, big + 1n]);
      expect(result.obligations.map((o) => o.remaining)).to.deep.equal([2n, 0n, 1n]);
    });

    it("stays exact with 18-decimal token amounts far beyond 2^64", function () {
      const unit = 10n ** 18n;
      const result = solved(
        [obligation(1, A, B, 123_456_789n * unit + 1n), obligation(2, B, C, 987_654_321n * unit), obligation(3, C, A, 123_456_789n * unit)],
        algorithm,
      );
      expect(result.total).to.equal(3n * 123_456_789n * unit);
    });

    it("uses float64 arithmetic while every amount is a safe integer", function () {
      expect(solved([obligation(1, A, B, 2 ** 52), obligation(2, B, A, 2 ** 52)], algorithm).arithmetic).to.equal("float64");
    });

    it("returns an empty set-off for no obligations", function () {
      const result = solved([], algorithm);
      expect(result.total).to.equal(0n);
      expect(result.obligations).to.deep.equal([]);
    });

    it("accepts zero amounts and cancels nothing on them", function () {
      const result = solved([obligation(1, A, B, 0), obligation(2, B, A, 0), obligation(3, B, A, 4), obligation(4, A, B, 6)], algorithm);
      expect(cancelledOf(result)).to.deep.equal([0n, 0n, 4n, 4n]);
    });
  });
}

describe("clearing solver: identities and addresses", function () {
  it("keeps each obligation's id (string or bigint) and reports lowercase addresses", function () {
    const debtor = "0x52908400098527886E0F7030069857D2E4169EE7"; // an EIP-55 test vector
    const creditor = member(B);
    const result = maximumSetOff([
      { id: 7n, debtor, creditor, amount: 4n },
      { id: "invoice-8", debtor: creditor, creditor: debtor.toLowerCase(), amount: 3n },
    ]);
    expect(result.obligations.map((o) => o.id)).to.deep.equal([7n, "invoice-8"]);
    expect(result.obligations[0].debtor).to.equal(debtor.toLowerCase());
    expect(result.total).to.equal(6n);
  });

  it("reports the cycle's figures: gross, cancelled, liquidity needed, saving and payments", function () {
    const { report, plan, netPositions } = clear([obligation(1, A, B, 10), obligation(2, B, C, 7), obligation(3, C, A, 5)]);
    expect(netPositions).to.deep.equal([
      { member: member(A), net: -5n },
      { member: member(B), net: 3n },
      { member: member(C), net: 2n },
    ]);
    expect(plan.payments).to.deep.equal([
      { member: member(A), kind: "fund", amount: 5n },
      { member: member(B), kind: "withdraw", amount: 3n },
      { member: member(C), kind: "withdraw", amount: 2n },
    ]);
    expect(report).to.deep.equal({
      members: 3,
      obligations: 3,
      gross: 22n,
      cancelled: 15n,
      remaining: 7n,
      liquidityNeeded: 5n,
      liquiditySavingPercent: 77.27,
      setOffPercent: 68.18,
      payments: 3,
    });
  });

  it("reports an empty cycle as zero everywhere", function () {
    const { report, plan } = clear([]);
    expect(plan).to.deep.equal({ payments: [], liquidityNeeded: 0n });
    expect(report).to.deep.equal({
      members: 0,
      obligations: 0,
      gross: 0n,
      cancelled: 0n,
      remaining: 0n,
      liquidityNeeded: 0n,
      liquiditySavingPercent: 0,
      setOffPercent: 0,
      payments: 0,
    });
  });

  it("counts no payment for a member whose position nets to zero", function () {
    const { report } = clear([obligation(1, A, B, 5), obligation(2, B, C, 5)]);
    expect(report.payments).to.equal(2);
    expect(report.cancelled).to.equal(0n);
    expect(report.liquidityNeeded).to.equal(5n);
  });
});
