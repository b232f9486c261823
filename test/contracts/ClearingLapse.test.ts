// Finding 1 of issue 9 (part two): a cycle must always be able to move on. Once the challenge
// window ends, the standing proposal has an apply period; if not one chunk of it was applied by
// then, anyone may make it lapse and funding opens without a set-off (a set-off never changes
// net positions). Once a chunk is applied it cannot lapse, and anyone can finish it.
import { expect } from "chai";
import { CyclePhase, type ClearingWorld } from "./fixturesClearing.js";
import {
  loadFixture,
  time,
  APPLY,
  owes,
  closeOpenCycle,
  passWindow,
  defaultInFull,
  OPTIMUM,
  triangleClosed,
  tokenBalanceMatchesLiabilities,
} from "./clearingSteps.js";

/** World: the triangle closed and its optimum proposed by erin in two chunks (ab + bc, then ca), window over. */
async function twoChunksStanding(connection: Parameters<typeof triangleClosed>[0]) {
  const w = await triangleClosed(connection);
  const [first, second, third] = OPTIMUM(w.ids);
  const erin = w.clearing.connect(w.signers.erin);
  await erin.beginProposal(1n);
  await erin.addChunk(1n, [first, second]);
  await erin.addChunk(1n, [third]);
  await erin.finalizeProposal(1n);
  await passWindow(w.clearing, 1n);
  return { ...w, chunks: [[first, second], [third]] };
}

/** World: the triangle closed and its optimum proposed in one call by erin, window over; nobody applied it. */
async function standingUnapplied(connection: Parameters<typeof triangleClosed>[0]) {
  const w = await triangleClosed(connection);
  await w.clearing.connect(w.signers.erin).propose(1n, OPTIMUM(w.ids));
  await passWindow(w.clearing, 1n);
  return w;
}

async function applyDeadline(w: ClearingWorld): Promise<bigint> {
  return (await w.clearing.cycleInfo(1n)).applyDeadline;
}

describe("ClearingHouse: a standing proposal nobody applies lapses", function () {
  it("sets the apply deadline an eighth of the cycle after the window", async function () {
    const w = await loadFixture(standingUnapplied);
    const c = await w.clearing.cycleInfo(1n);
    expect(c.applyDeadline).to.equal(c.windowEnd + APPLY);
  });

  it("refuses the lapse one second before the apply deadline with ApplyPeriodOpen", async function () {
    const w = await loadFixture(standingUnapplied);
    const deadline = await applyDeadline(w);
    await time.setNextBlockTimestamp(deadline - 1n);
    await expect(w.clearing.connect(w.signers.dave).lapseSetOff(1n)).to.be.revertedWithCustomError(w.clearing, "ApplyPeriodOpen").withArgs(1n, deadline);
  });

  it("lets anyone make it lapse at the apply deadline exactly, and opens funding without the set-off", async function () {
    const w = await loadFixture(standingUnapplied);
    const deadline = await applyDeadline(w);
    await time.setNextBlockTimestamp(deadline);
    const tx = w.clearing.connect(w.signers.dave).lapseSetOff(1n);
    await expect(tx).to.emit(w.clearing, "SetOffLapsed").withArgs(1n, 1n);
    await expect(tx)
      .to.emit(w.clearing, "FundingOpened")
      .withArgs(1n, await w.token.getAddress(), 50n, deadline + BigInt(30 * 86_400) / 4n);
    await expect(tx).to.not.emit(w.clearing, "SetOffApplied");
    const c = await w.clearing.cycleInfo(1n);
    expect([c.phase, c.setOffLapsed, c.liquidityNeeded]).to.deep.equal([CyclePhase.Funding, true, 50n]);
    // Nothing was cancelled: the obligations keep what they owed; the net positions are the same.
    expect((await w.clearing.obligation(w.ids.ab)).outstanding).to.equal(100n);
    expect(await w.clearing.positionOf(1n, w.signers.alice.address)).to.equal(-20n);
  });

  it("still applies the proposal after the apply deadline if nobody made it lapse", async function () {
    const w = await loadFixture(standingUnapplied);
    await time.increaseTo((await applyDeadline(w)) + 10n);
    await expect(w.clearing.applySetOff(1n, OPTIMUM(w.ids)))
      .to.emit(w.clearing, "SetOffApplied")
      .withArgs(1n, 1n, 150n);
    await expect(w.clearing.lapseSetOff(1n)).to.be.revertedWithCustomError(w.clearing, "WrongPhase").withArgs(1n, CyclePhase.Proposing, CyclePhase.Funding);
  });

  it("refuses to apply a proposal that lapsed", async function () {
    const w = await loadFixture(standingUnapplied);
    await time.increaseTo(await applyDeadline(w));
    await w.clearing.lapseSetOff(1n);
    await expect(w.clearing.applySetOff(1n, OPTIMUM(w.ids)))
      .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
      .withArgs(1n, CyclePhase.Proposing, CyclePhase.Funding);
  });

  it("refuses the lapse of a cycle without a standing proposal with NoProposal", async function () {
    const w = await loadFixture(triangleClosed);
    await time.increase(30 * 86_400);
    await expect(w.clearing.lapseSetOff(1n)).to.be.revertedWithCustomError(w.clearing, "NoProposal").withArgs(1n);
  });

  it("refuses the lapse once a chunk was applied, and lets anyone finish the proposal instead", async function () {
    const w = await loadFixture(twoChunksStanding);
    await w.clearing.connect(w.signers.dave).applySetOff(1n, w.chunks[0]);
    await time.increaseTo(await applyDeadline(w));
    await expect(w.clearing.lapseSetOff(1n)).to.be.revertedWithCustomError(w.clearing, "WrongPhase").withArgs(1n, CyclePhase.Proposing, CyclePhase.Applying);
    await expect(w.clearing.connect(w.signers.bob).applySetOff(1n, w.chunks[1])).to.emit(w.clearing, "SetOffApplied").withArgs(1n, 1n, 150n);
    expect((await w.clearing.cycleInfo(1n)).phase).to.equal(CyclePhase.Funding);
  });

  it("attack: a stranger's standing proposal that nobody applies no longer freezes the clearing: it lapses, the cycle funds and settles, the next one closes", async function () {
    const w = await loadFixture(triangleClosed);
    const { alice, bob, carol, dave, stranger } = w.signers;
    // A non-member submits a valid set-off and never applies it.
    await w.clearing.connect(stranger).propose(1n, OPTIMUM(w.ids));
    // Cycle 2 gets business of its own meanwhile.
    await owes(w, bob, carol, 5n);
    await passWindow(w.clearing, 1n);
    await time.increaseTo(await applyDeadline(w));
    await expect(w.clearing.connect(carol).lapseSetOff(1n)).to.emit(w.clearing, "SetOffLapsed").withArgs(1n, 1n);

    // Net settlement needs no set-off: alice -20 and dave -30 fund, bob +30 and carol +20 withdraw.
    await w.clearing.connect(alice).fund(1n);
    await expect(w.clearing.connect(dave).fund(1n)).to.emit(w.clearing, "CycleSettled").withArgs(1n, 50n);
    const before = await w.token.balanceOf(bob.address);
    await w.clearing.connect(bob).withdraw(1n);
    expect((await w.token.balanceOf(bob.address)) - before).to.equal(30n);
    await w.clearing.connect(carol).withdraw(1n);
    await tokenBalanceMatchesLiabilities(w);
    // Every obligation of cycle 1 is settled in full.
    expect((await w.clearing.obligation(w.ids.ab)).status).to.equal(4n);

    // The clearing moves on: cycle 2 closes at its cutoff.
    await closeOpenCycle(w.clearing);
    expect((await w.clearing.cycleInfo(2n)).phase).to.equal(CyclePhase.Proposing);
  });

  it("rolls a lapsed cycle's obligations over in full when it defaults", async function () {
    const w = await loadFixture(standingUnapplied);
    await time.increaseTo(await applyDeadline(w));
    await w.clearing.lapseSetOff(1n);
    await defaultInFull(w.clearing, 1n);
    const n = await closeOpenCycle(w.clearing);
    expect(n).to.equal(2n);
    const c = await w.clearing.cycleInfo(2n);
    expect([c.baseCycle, c.obligations, c.liquidityNeeded]).to.deep.equal([1n, 4n, 50n]);
    expect((await w.clearing.obligation(w.ids.ab)).outstanding).to.equal(100n);
  });
});
