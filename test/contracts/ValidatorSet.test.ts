import { expect } from "chai";
import { network } from "hardhat";
import { ValidatorSet__factory } from "../../types/typechain/index.js";
import { VALIDATOR_SET_ADDRESS, validatorSetAlloc } from "../../deploy/besu/validatorSet.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

async function validatorSetDeployed() {
  const [admin, a, b, c, stranger] = await ethers.getSigners();
  const set = await new ValidatorSet__factory(admin).deploy(admin.address, [a.address, b.address, c.address]);
  return { set, signers: { admin, a, b, c, stranger } };
}

describe("ValidatorSet (QBFT contract mode)", function () {
  it("starts with its validators and admin, each announced", async function () {
    const [admin, a, b] = await ethers.getSigners();
    const set = await new ValidatorSet__factory(admin).deploy(admin.address, [a.address, b.address]);
    const tx = set.deploymentTransaction()!;
    await expect(tx).to.emit(set, "AdminTransferred").withArgs(ethers.ZeroAddress, admin.address);
    await expect(tx).to.emit(set, "ValidatorAdded").withArgs(a.address);
    expect(await set.getValidators()).to.deep.equal([a.address, b.address]);
    expect(await set.admin()).to.equal(admin.address);
  });

  it("adds and removes validators for its admin, the last one moving into the gap", async function () {
    const { set, signers } = await loadFixture(validatorSetDeployed);
    const { a, b, c, stranger } = signers;
    await expect(set.addValidator(stranger.address)).to.emit(set, "ValidatorAdded").withArgs(stranger.address);
    await expect(set.removeValidator(a.address)).to.emit(set, "ValidatorRemoved").withArgs(a.address);
    expect(await set.getValidators()).to.deep.equal([stranger.address, b.address, c.address]);
    expect(await set.isValidator(a.address)).to.equal(false);
    await set.removeValidator(c.address);
    expect(await set.getValidators()).to.deep.equal([stranger.address, b.address]);
  });

  it("refuses anyone but the admin, the zero address, a validator twice, a stranger's removal and the last validator's", async function () {
    const { set, signers } = await loadFixture(validatorSetDeployed);
    const { admin, a, b, c, stranger } = signers;
    for (const call of [
      set.connect(stranger).addValidator(stranger.address),
      set.connect(a).removeValidator(b.address),
      set.connect(a).transferAdmin(a.address),
    ]) {
      await expect(call).to.be.revertedWithCustomError(set, "NotAdmin");
    }
    await expect(set.addValidator(ethers.ZeroAddress)).to.be.revertedWithCustomError(set, "ZeroAddress");
    await expect(set.addValidator(a.address)).to.be.revertedWithCustomError(set, "AlreadyValidator").withArgs(a.address);
    await expect(set.removeValidator(stranger.address)).to.be.revertedWithCustomError(set, "NotValidator").withArgs(stranger.address);
    await set.removeValidator(a.address);
    await set.removeValidator(b.address);
    await expect(set.removeValidator(c.address)).to.be.revertedWithCustomError(set, "LastValidator").withArgs(c.address);
    await expect(set.transferAdmin(ethers.ZeroAddress)).to.be.revertedWithCustomError(set, "ZeroAddress");
    await expect(set.transferAdmin(stranger.address)).to.emit(set, "AdminTransferred").withArgs(admin.address, stranger.address);
    await expect(set.addValidator(a.address)).to.be.revertedWithCustomError(set, "NotAdmin").withArgs(admin.address);
    await expect(new ValidatorSet__factory(admin).deploy(admin.address, [])).to.be.revertedWithCustomError(set, "LastValidator");
  });

  it("works from the kit's genesis alloc: the storage the kit writes is the layout its compiled code reads", async function () {
    const { set, signers } = await loadFixture(validatorSetDeployed);
    const { admin, a, b, c, stranger } = signers;
    const validators = [c.address, a.address, b.address];
    const account = validatorSetAlloc(admin.address, validators, await ethers.provider.getCode(await set.getAddress()));
    // What Besu does with the genesis alloc, done on the local chain.
    await networkHelpers.setCode(VALIDATOR_SET_ADDRESS, account.code);
    for (const [slot, value] of Object.entries(account.storage)) await networkHelpers.setStorageAt(VALIDATOR_SET_ADDRESS, slot, value);
    const fromGenesis = ValidatorSet__factory.connect(VALIDATOR_SET_ADDRESS, admin);
    expect(await fromGenesis.getValidators()).to.deep.equal(validators);
    expect(await fromGenesis.admin()).to.equal(admin.address);
    for (const v of validators) expect(await fromGenesis.isValidator(v)).to.equal(true);
    // Positions are where the code looks for them: a duplicate is refused, a removal fills its gap.
    await expect(fromGenesis.addValidator(a.address)).to.be.revertedWithCustomError(fromGenesis, "AlreadyValidator");
    await fromGenesis.removeValidator(c.address);
    expect(await fromGenesis.getValidators()).to.deep.equal([b.address, a.address]);
    await fromGenesis.addValidator(stranger.address);
    expect(await fromGenesis.getValidators()).to.deep.equal([b.address, a.address, stranger.address]);
    expect(() => validatorSetAlloc(admin.address, [a.address, a.address], account.code)).to.throw("listed twice");
    expect(() => validatorSetAlloc(admin.address, [], account.code)).to.throw("at least one validator");
  });
});
