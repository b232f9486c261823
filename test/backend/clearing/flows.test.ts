import { expect } from "chai";
import { flowsOf, largestFlows, totalsOf } from "../../../backend/clearing/flows.js";

// A cycle's flows as the API gives them and the web app draws them (backend/clearing/flows.ts):
// summed per pair, and in a large cycle the graphs' share of them.

const obligation = (id: number, debtor: string, creditor: string, amount: number, cancelled: bigint | null = null) => ({
  id,
  debtor,
  creditor,
  amount: BigInt(amount),
  cancelled,
});

describe("a cycle's flows", function () {
  it("sums obligations per debtor → creditor pair, numbered by each pair's first obligation", function () {
    const flows = flowsOf([obligation(1, "a", "b", 5), obligation(2, "b", "a", 7), obligation(3, "a", "b", 4)]);
    expect(flows.map((f) => [f.n, f.debtor, f.creditor, f.obligations, f.owed])).to.deep.equal([
      [1, "a", "b", 2, 9n],
      [2, "b", "a", 1, 7n],
    ]);
  });

  it("totals every flow, and knows what is cancelled only when every obligation says", function () {
    const known = flowsOf([obligation(1, "a", "b", 5, 5n), obligation(2, "b", "a", 7, 5n), obligation(3, "a", "b", 4, 0n)]);
    expect(known.map((f) => f.cancelled)).to.deep.equal([5n, 5n]);
    expect(totalsOf(known)).to.deep.equal({ arrows: 2, obligations: 3, gross: 16n, cancelled: 10n, remaining: 6n, reducedPercent: 62.5 });
    const unknown = flowsOf([obligation(1, "a", "b", 5, 5n), obligation(2, "b", "a", 7)]);
    expect(unknown.map((f) => f.cancelled)).to.deep.equal([null, null]);
    expect(totalsOf(unknown)).to.include({ cancelled: null, remaining: null, reducedPercent: null });
    expect(totalsOf([])).to.deep.equal({ arrows: 0, obligations: 0, gross: 0n, cancelled: 0n, remaining: 0n, reducedPercent: null });
  });

  it("draws the largest flows of a large cycle, the lower arrow first among equals, in arrow order", function () {
    const owed = [5, 9, 1, 9, 7, 3, 9];
    const flows = flowsOf(owed.map((amount, i) => obligation(i + 1, `d${i}`, `c${i}`, amount)));
    expect(largestFlows(flows, 4).map((f) => f.n)).to.deep.equal([2, 4, 5, 7]);
    expect(largestFlows(flows, 2).map((f) => f.n)).to.deep.equal([2, 4]);
    expect(largestFlows(flows, 7)).to.equal(flows);
    expect(largestFlows(flows, 10)).to.equal(flows);
  });
});
