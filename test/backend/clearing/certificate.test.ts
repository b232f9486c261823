import { expect } from "chai";
import { checkSetOff, SetOffCheckError } from "../../../backend/clearing/certificate.js";
import { obligation, member } from "./support/instances.js";

const cycle = [obligation(1, 0, 1, 10), obligation(2, 1, 2, 7), obligation(3, 2, 0, 5)];

function failure(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).to.be.instanceOf(SetOffCheckError);
    return (err as Error).message;
  }
  throw new Error("expected the check to fail");
}

describe("clearing solver: the independent set-off check", function () {
  it("accepts an optimal set-off with potentials that prove it", function () {
    // Gains 1 + p[debtor] - p[creditor]: A->B 0, B->C 0, C->A 3, so the bound is 3 * 5 = 15.
    const potentials = new Map([
      [member(0), 0],
      [member(1), 1],
      [member(2), 2],
    ]);
    expect(checkSetOff(cycle, [5n, 5n, 5n], potentials)).to.deep.equal({ total: 15n, upperBound: 15n });
  });

  it("refuses potentials whose bound is not tight", function () {
    // Gains: A->B 2, B->C 2, C->A -1, so they only bound the set-off by 2*10 + 2*7 = 34.
    const loose = new Map([
      [member(0), 2],
      [member(1), 1],
      [member(2), 0],
    ]);
    expect(failure(() => checkSetOff(cycle, [5n, 5n, 5n], loose))).to.equal(
      "Not proven optimal: the potentials bound the set-off by 34, the proposal cancels 15",
    );
  });

  it("refuses a cancellation larger than what is outstanding", function () {
    expect(failure(() => checkSetOff(cycle, [11n, 11n, 11n]))).to.equal("Obligation 1: cancels 11 of 10 outstanding");
  });

  it("refuses a negative cancellation", function () {
    expect(failure(() => checkSetOff(cycle, [-1n, 0n, 0n]))).to.equal("Obligation 1: cancels -1 of 10 outstanding");
  });

  it("refuses a set-off that is not a circulation", function () {
    expect(failure(() => checkSetOff(cycle, [5n, 4n, 5n]))).to.equal(`Not a circulation: ${member(1)} would cancel 4 as debtor but 5 as creditor`);
  });

  it("cannot certify a suboptimal set-off, since every potential bounds it by at least the optimum", function () {
    expect(
      failure(() =>
        checkSetOff(
          cycle,
          [4n, 4n, 4n],
          new Map([
            [member(0), 0],
            [member(1), 0],
            [member(2), 0],
          ]),
        ),
      ),
    ).to.equal("Not proven optimal: the potentials bound the set-off by 22, the proposal cancels 12");
  });

  it("refuses potentials that miss a member", function () {
    expect(failure(() => checkSetOff(cycle, [5n, 5n, 5n], new Map([[member(0), 0]])))).to.equal(
      "Obligation 1: no integer potential for its debtor or creditor",
    );
  });

  it("refuses a cancellation list of the wrong length", function () {
    expect(failure(() => checkSetOff(cycle, [5n]))).to.equal("1 cancellations for 3 obligations");
  });
});
