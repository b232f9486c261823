import { expect } from "chai";
import { SettlementToken__factory } from "../../types/typechain/index.js";
import { STARTING_BALANCE, clearingClusterCreated } from "./fixturesClearing.js";
import { ethers, loadFixture } from "./clearingSteps.js";

describe("SettlementToken", function () {
  it("counts in minor units: 2 decimals", async function () {
    const { token } = await loadFixture(clearingClusterCreated);
    expect(await token.decimals()).to.equal(2n);
  });

  it("lets only the settlement agent issue tokens, announcing the deposit", async function () {
    const { token, signers } = await loadFixture(clearingClusterCreated);
    const ref = ethers.id("deposit-42");
    await expect(token.issue(signers.frank.address, 500n, ref))
      .to.emit(token, "Issued")
      .withArgs(signers.frank.address, 500n, ref);
    expect(await token.balanceOf(signers.frank.address)).to.equal(500n);
    await expect(token.connect(signers.stranger).issue(signers.stranger.address, 1n, ref))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(signers.stranger.address, await token.MINTER_ROLE());
  });

  it("burns what a holder redeems, for the agent to pay out", async function () {
    const { token, signers } = await loadFixture(clearingClusterCreated);
    await expect(token.connect(signers.alice).redeem(250n)).to.emit(token, "Redeemed").withArgs(signers.alice.address, 250n);
    expect(await token.balanceOf(signers.alice.address)).to.equal(STARTING_BALANCE - 250n);
    await expect(token.connect(signers.stranger).redeem(1n))
      .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
      .withArgs(signers.stranger.address, 0n, 1n);
  });

  it("refuses a zero admin or agent", async function () {
    const { token, signers } = await loadFixture(clearingClusterCreated);
    const factory = new SettlementToken__factory(signers.cdc);
    await expect(factory.deploy("T", "T", ethers.ZeroAddress, signers.cdc.address))
      .to.be.revertedWithCustomError(token, "ZeroAddress")
      .withArgs("admin");
    await expect(factory.deploy("T", "T", signers.cdc.address, ethers.ZeroAddress))
      .to.be.revertedWithCustomError(token, "ZeroAddress")
      .withArgs("agent");
  });
});
