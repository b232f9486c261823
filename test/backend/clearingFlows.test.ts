import { expect } from "chai";
import { flowsOf, largestFlows } from "../../frontend/src/clearing/flows.js";

// A cycle's flows as the web app draws them (frontend/src/clearing/flows.ts): summed per pair,
// and in a large cycle the graphs' share of them.

const obligation = (id: number, debtor: string, creditor: string, amount: number) => ({ id, debtor, creditor, amount: String(amount), cancelled: null });

describe("a cycle's flows in the web app", function () {
  it("sums obligations per debtor → creditor pair, numbered by each pair's first obligation", function () {
    const flows = flowsOf([obligation(1, "a", "b", 5), obligation(2, "b", "a", 7), obligation(3, "a", "b", 4)]);
    expect(flows.map((f) => [f.n, f.debtor, f.creditor, f.obligations, f.owed])).to.deep.equal([
      [1, "a", "b", 2, 9n],
      [2, "b", "a", 1, 7n],
    ]);
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
