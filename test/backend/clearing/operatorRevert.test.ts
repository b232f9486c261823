import { expect } from "chai";
import { decodeRevert } from "../../../backend/operators/clearing/revert.js";
import { componentWorld } from "../support/components.js";
import { clearingCluster } from "./support/operator.js";

describe("clearing operator: reverts it expects", function () {
  it("decodes NothingToClose from a real estimate as expected, and a refusal of a non-member as a failure", async function () {
    const cw = await componentWorld();
    const { clearing } = await clearingCluster(cw);
    const cycle = await clearing.openCycle();
    const { cutoff } = await clearing.cycleInfo(cycle);
    const early = await clearing.closeCycle().then(
      () => null,
      (err: unknown) => err,
    );
    expect(decodeRevert(early)).to.deep.equal({ name: "NothingToClose", text: `NothingToClose(${cycle}, ${cutoff})`, expected: true });

    const outsider = await clearing
      .connect(cw.outsider)
      .createObligation(cw.a.address, 1n, 0n, `0x${"00".repeat(32)}`)
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(decodeRevert(outsider)).to.include({ name: "NotMember", expected: false });
    expect(decodeRevert(new Error("connection refused"))).to.equal(null);
  });
});
