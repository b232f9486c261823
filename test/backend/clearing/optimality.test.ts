import { expect } from "chai";
import { checkSetOff } from "../../../backend/clearing/certificate.js";
import { scaleFreeObligations } from "../../../backend/clearing/generate.js";
import { referenceSetOff } from "../../../backend/clearing/reference.js";
import { maximumSetOff, type SetOffAlgorithm } from "../../../backend/clearing/setOff.js";
import { cancelledOf, randomObligations } from "./support/instances.js";

const ALGORITHMS: SetOffAlgorithm[] = ["primal-dual", "network-simplex"];

describe("clearing solver: optimality against an independent LP solver (HiGHS)", function () {
  this.timeout(120_000);

  // 48 seeded instances: 3 to 60 members, up to 400 obligations, amounts from tiny (many
  // ties, heavy degeneracy) to a billion.
  const instances = Array.from({ length: 48 }, (_, i) => {
    const members = [3, 5, 8, 12, 20, 35, 60][i % 7];
    const count = [4, 15, 40, 90, 160, 250, 400][Math.floor(i / 7) % 7];
    const maxAmount = [1, 10, 1_000, 1_000_000, 1_000_000_000][i % 5];
    return { seed: 1000 + i, members, count, maxAmount };
  });

  for (const { seed, members, count, maxAmount } of instances) {
    it(`matches HiGHS's optimum exactly on random instance #${seed} (${count} obligations, ${members} members, amounts <= ${maxAmount})`, async function () {
      const obligations = randomObligations(seed, members, count, maxAmount);
      const reference = await referenceSetOff(obligations);
      for (const algorithm of ALGORITHMS) {
        const result = maximumSetOff(obligations, { algorithm });
        expect(result.total, algorithm).to.equal(BigInt(reference.total));
        const check = checkSetOff(obligations, cancelledOf(result), result.potentials);
        expect(check.upperBound, algorithm).to.equal(result.total);
      }
    });
  }

  for (const seed of [1, 2, 3]) {
    it(`matches HiGHS's optimum exactly on a scale-free instance of 1,000 obligations among 100 members (seed ${seed})`, async function () {
      const obligations = scaleFreeObligations({ members: 100, obligations: 1000, seed });
      const reference = await referenceSetOff(obligations);
      for (const algorithm of ALGORITHMS) {
        expect(maximumSetOff(obligations, { algorithm }).total, algorithm).to.equal(BigInt(reference.total));
      }
    });
  }

  // Speed is the benchmark's business (scripts/bench/clearing.ts); here only the certificate.
  it("proves its answer optimal for 10,000 obligations among 1,000 members", function () {
    const obligations = scaleFreeObligations({ members: 1000, obligations: 10_000, seed: 42 });
    const result = maximumSetOff(obligations);
    expect(checkSetOff(obligations, cancelledOf(result), result.potentials).upperBound).to.equal(result.total);
  });
});
