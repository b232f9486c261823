import { expect } from "chai";
import { CyclePhase, ObligationStatus, ProposalState, STARTING_BALANCE } from "./fixturesClearing.js";
import {
  loadFixture,
  time,
  owes,
  closeOpenCycle,
  passWindow,
  passDeadline,
  OPTIMUM,
  WINDOW,
  triangleClosed,
  triangleFunding,
  tokenBalanceMatchesLiabilities,
  type Line,
} from "./clearingSteps.js";
import { dissolveByVote } from "./dissolution.js";

/*
 * The triangle after its optimal set-off (see clearingSteps): outstanding ab 50, bc 20, da 30;
 * alice -20, bob +30, carol +20, dave -30. In these worlds one net debtor funds and the other
 * does not, so the cycle unwinds.
 */

/** Alice funds her 20, dave never funds his 30: unwinding is open. */
async function daveDefaults(connection: Parameters<typeof triangleFunding>[0]) {
  const w = await triangleFunding(connection);
  await w.clearing.connect(w.signers.alice).fund(1n);
  await passDeadline(w.clearing, 1n);
  await w.clearing.declareDefault(1n);
  return w;
}

type World = Awaited<ReturnType<typeof daveDefaults>>;

/**
 * Dave's 30 must reach someone who can bear it: alice funded exactly what she owed, so it goes on
 * through her debt to bob, who was owed 30. Rolling 60 is the least that lets 20 pay everyone.
 */
const leastUnwind = (w: World): Line[] => [
  { obligationId: w.ids.ab, amount: 30n },
  { obligationId: w.ids.da, amount: 30n },
];

/**
 * More than the least: 10 more of alice's debt to bob rolls, and bob, who can bear only the 30 he
 * was owed, passes 10 on to carol. Total 80: alice gets 10 of her 20 back, carol 10.
 */
const widerUnwind = (w: World): Line[] => [
  { obligationId: w.ids.ab, amount: 40n },
  { obligationId: w.ids.bc, amount: 10n },
  { obligationId: w.ids.da, amount: 30n },
];

/** Begins a chunked proposal for cycle 1 as erin; returns its id. */
async function begin(w: World): Promise<bigint> {
  const id = await w.clearing.connect(w.signers.erin).beginProposal.staticCall(1n);
  await w.clearing.connect(w.signers.erin).beginProposal(1n);
  return id;
}

/** Unwind proposed, window passed, applied: cycle 1 settled. */
async function daveUnwound(connection: Parameters<typeof triangleFunding>[0]) {
  const w = await daveDefaults(connection);
  await w.clearing.connect(w.signers.erin).propose(1n, leastUnwind(w));
  await passWindow(w.clearing, 1n);
  await w.clearing.applySetOff(1n, leastUnwind(w));
  return w;
}

describe("ClearingHouse: a default unwinds, the rest settles", function () {
  it("attack: a debtor that never funds no longer holds up everyone: the members it does not owe are paid", async function () {
    const w = await loadFixture(daveDefaults);
    const { alice, bob, carol, dave, erin } = w.signers;
    const token = await w.token.getAddress();
    const info = await w.clearing.cycleInfo(1n);
    expect(info.phase).to.equal(CyclePhase.Unwinding);
    expect([info.windowEnd, info.bestProposal, info.unwindProposeBy]).to.deep.equal([0n, 0n, info.unwindingOpened + WINDOW]);
    await w.clearing.connect(erin).propose(1n, leastUnwind(w));
    await passWindow(w.clearing, 1n);
    const tx = w.clearing.connect(bob).applySetOff(1n, leastUnwind(w));
    await expect(tx).to.emit(w.clearing, "ObligationRolled").withArgs(w.ids.ab, 1n, 2n, 30n);
    await expect(tx).to.emit(w.clearing, "ObligationRolled").withArgs(w.ids.da, 1n, 2n, 30n);
    await expect(tx).to.emit(w.clearing, "CycleUnwound").withArgs(1n, 2n, 60n, 2n);
    await expect(tx).to.emit(w.clearing, "CycleSettled").withArgs(1n, 20n);
    expect((await w.clearing.cycleInfo(1n)).phase).to.equal(CyclePhase.Settled);
    // Carol was owed by bob, whose claim on alice she is paid from: alice's 20 reaches her.
    await expect(w.clearing.connect(carol).withdraw(1n)).to.emit(w.clearing, "Withdrawn").withArgs(1n, carol.address, token, 20n);
    for (const m of [alice, bob, dave]) {
      await expect(w.clearing.connect(m).withdraw(1n)).to.be.revertedWithCustomError(w.clearing, "NothingToWithdraw");
    }
    expect(await w.clearing.liabilities(token)).to.equal(0n);
    await tokenBalanceMatchesLiabilities(w);
    expect(await w.token.balanceOf(carol.address)).to.equal(STARTING_BALANCE + 20n);
    expect(await w.token.balanceOf(alice.address)).to.equal(STARTING_BALANCE - 20n);
    // What settled is settled; what rolled is owed in cycle 2, and only that.
    expect((await w.clearing.obligation(w.ids.bc)).status).to.equal(ObligationStatus.Settled);
    for (const id of [w.ids.ab, w.ids.da]) {
      const o = await w.clearing.obligation(id);
      expect([o.status, o.cycle, o.outstanding]).to.deep.equal([ObligationStatus.Confirmed, 2n, 30n]);
    }
    const positions = await Promise.all([alice, bob, carol, dave].map((m) => w.clearing.positionOf(2n, m.address)));
    expect(positions).to.deep.equal([0n, 30n, 0n, -30n]);
    expect((await w.clearing.cycleInfo(2n)).liquidityNeeded).to.equal(30n);
  });

  it("gives each member its payout: funded + position + rolled, once", async function () {
    const w = await loadFixture(daveUnwound);
    const { alice, bob, carol, dave } = w.signers;
    const accounts = await Promise.all([alice, bob, carol, dave].map((m) => w.clearing.accountOf(1n, m.address)));
    expect(accounts.map((a) => [a.position, a.funded, a.rolled, a.payout])).to.deep.equal([
      [-20n, 20n, 0n, 0n],
      [30n, 0n, -30n, 0n],
      [20n, 0n, 0n, 20n],
      [-30n, 0n, 30n, 0n],
    ]);
    await w.clearing.connect(carol).withdraw(1n);
    await expect(w.clearing.connect(carol).withdraw(1n)).to.be.revertedWithCustomError(w.clearing, "AlreadyWithdrawn").withArgs(1n, carol.address);
  });

  it("pays back a funder what an unwind rolled of its own debt, and takes it from the creditor that now waits", async function () {
    const w = await loadFixture(daveDefaults);
    const { alice, bob, erin } = w.signers;
    const wider = widerUnwind(w);
    await w.clearing.connect(erin).propose(1n, wider);
    await passWindow(w.clearing, 1n);
    await w.clearing.applySetOff(1n, wider);
    expect((await w.clearing.accountOf(1n, alice.address)).payout).to.equal(10n);
    expect((await w.clearing.accountOf(1n, bob.address)).rolled).to.equal(-30n); // -40 as creditor, +10 as debtor
    await w.clearing.connect(alice).withdraw(1n);
    await expect(w.clearing.connect(bob).withdraw(1n)).to.be.revertedWithCustomError(w.clearing, "NothingToWithdraw");
    await expect(w.clearing.connect(w.signers.carol).withdraw(1n))
      .to.emit(w.clearing, "Withdrawn")
      .withArgs(1n, w.signers.carol.address, await w.token.getAddress(), 10n);
    expect(await w.clearing.liabilities(await w.token.getAddress())).to.equal(0n);
    expect(await w.token.balanceOf(alice.address)).to.equal(STARTING_BALANCE - 10n);
  });

  it("takes the smallest unwind: a larger one cannot replace the standing one, a smaller one does", async function () {
    const w = await loadFixture(daveDefaults);
    const wider = widerUnwind(w);
    await expect(w.clearing.propose(1n, wider)).to.emit(w.clearing, "ProposalSubmitted");
    await expect(w.clearing.propose(1n, wider)).to.be.revertedWithCustomError(w.clearing, "ProposalNotBetter").withArgs(1n, 80n, 80n);
    await expect(w.clearing.propose(1n, leastUnwind(w))).to.emit(w.clearing, "ProposalSubmitted");
    const info = await w.clearing.cycleInfo(1n);
    expect(info.bestTotal).to.equal(60n);
    expect((await w.clearing.proposal(info.bestProposal)).unwind).to.equal(true);
  });

  describe("refuses an unwind that would make anyone pay in or leave a defaulter out", function () {
    it("refuses one that leaves a touched member a negative payout", async function () {
      const w = await loadFixture(daveDefaults);
      // Dave's debt rolls but alice, who funded only what she owed, would bear it.
      await expect(w.clearing.propose(1n, [{ obligationId: w.ids.da, amount: 30n }]))
        .to.be.revertedWithCustomError(w.clearing, "NegativePayout")
        .withArgs(w.signers.alice.address, -30n);
    });

    it("refuses one that does not touch every defaulter", async function () {
      const w = await loadFixture(daveDefaults);
      await expect(w.clearing.propose(1n, [{ obligationId: w.ids.bc, amount: 10n }]))
        .to.be.revertedWithCustomError(w.clearing, "DefaultersUncovered")
        .withArgs(1n, 0n, 30n);
      await expect(w.clearing.propose(1n, [])).to.be.revertedWithCustomError(w.clearing, "DefaultersUncovered").withArgs(1n, 0n, 30n);
    });

    it("refuses lines beyond what is outstanding or outside the cycle", async function () {
      const w = await loadFixture(daveDefaults);
      await expect(w.clearing.propose(1n, [{ obligationId: w.ids.da, amount: 31n }]))
        .to.be.revertedWithCustomError(w.clearing, "CancellationExceedsOutstanding")
        .withArgs(w.ids.da, 31n, 30n);
      // ca was cancelled in full by the set-off: nothing of it is left to roll.
      await expect(w.clearing.propose(1n, [{ obligationId: w.ids.ca, amount: 1n }]))
        .to.be.revertedWithCustomError(w.clearing, "CancellationExceedsOutstanding")
        .withArgs(w.ids.ca, 1n, 0n);
      const later = await owes(w, w.signers.erin, w.signers.dave, 5n);
      await expect(w.clearing.propose(1n, [{ obligationId: later, amount: 5n }]))
        .to.be.revertedWithCustomError(w.clearing, "ObligationNotInCycle")
        .withArgs(later, 1n);
    });

    it("refuses an unwind before the funding deadline", async function () {
      const w = await loadFixture(triangleFunding);
      await expect(w.clearing.propose(1n, [])).to.be.revertedWithCustomError(w.clearing, "WrongPhase").withArgs(1n, CyclePhase.Proposing, CyclePhase.Funding);
    });
  });

  describe("in chunks", function () {
    it("counts members left paying in and defaulters left out until the last chunk", async function () {
      const w = await loadFixture(daveDefaults);
      const { erin } = w.signers;
      const id = await begin(w);
      await w.clearing.connect(erin).addChunk(id, [{ obligationId: w.ids.ab, amount: 30n }]);
      await expect(w.clearing.connect(erin).finalizeProposal(id)).to.be.revertedWithCustomError(w.clearing, "DefaultersUncovered").withArgs(1n, 0n, 30n);
      await w.clearing.connect(erin).addChunk(id, [{ obligationId: w.ids.da, amount: 30n }]);
      const p = await w.clearing.proposal(id);
      expect([p.unwind, p.unbalancedMembers, p.covered, p.total]).to.deep.equal([true, 0n, 30n, 60n]);
      await expect(w.clearing.connect(erin).finalizeProposal(id)).to.emit(w.clearing, "ProposalSubmitted");
      expect((await w.clearing.proposal(id)).state).to.equal(ProposalState.Submitted);
    });

    it("refuses to finalise while a touched member would pay in", async function () {
      const w = await loadFixture(daveDefaults);
      const { erin } = w.signers;
      const id = await begin(w);
      await w.clearing.connect(erin).addChunk(id, [{ obligationId: w.ids.da, amount: 30n }]);
      await expect(w.clearing.connect(erin).finalizeProposal(id)).to.be.revertedWithCustomError(w.clearing, "ProposalUnbalanced").withArgs(id, 1n);
    });

    it("must be finished once begun: no full default after its first chunk, however late", async function () {
      const w = await loadFixture(daveDefaults);
      const { erin } = w.signers;
      const id = await begin(w);
      const chunks: Line[][] = [[leastUnwind(w)[0]], [leastUnwind(w)[1]]];
      for (const chunk of chunks) await w.clearing.connect(erin).addChunk(id, chunk);
      await w.clearing.connect(erin).finalizeProposal(id);
      await passWindow(w.clearing, 1n);
      await expect(w.clearing.applySetOff(1n, chunks[0])).to.emit(w.clearing, "UnwindChunkApplied").withArgs(1n, id, 0n);
      await time.increaseTo((await w.clearing.cycleInfo(1n)).applyDeadline);
      await expect(w.clearing.declareDefault(1n)).to.be.revertedWithCustomError(w.clearing, "UnwindUnderway").withArgs(1n, id);
      await expect(w.clearing.applySetOff(1n, chunks[0])).to.be.revertedWithCustomError(w.clearing, "ChunkMismatch").withArgs(id, 1n);
      await expect(w.clearing.applySetOff(1n, chunks[1])).to.emit(w.clearing, "CycleUnwound").withArgs(1n, id, 60n, 2n);
    });

    it("will not let a set-off left unfinished go on as an unwind", async function () {
      const w = await loadFixture(triangleClosed);
      const { alice, bob, erin } = w.signers;
      await w.clearing.connect(erin).propose(1n, OPTIMUM(w.ids));
      // Bob begins a set-off of his own during the window and leaves it unfinished.
      const stale = await w.clearing.connect(bob).beginProposal.staticCall(1n);
      await w.clearing.connect(bob).beginProposal(1n);
      await passWindow(w.clearing, 1n);
      await w.clearing.applySetOff(1n, OPTIMUM(w.ids));
      await w.clearing.connect(alice).fund(1n);
      await passDeadline(w.clearing, 1n);
      await w.clearing.declareDefault(1n);
      expect(await w.clearing.inProgressOf(bob.address)).to.equal(stale);
      await expect(w.clearing.connect(bob).addChunk(stale, [{ obligationId: w.ids.da, amount: 30n }]))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Proposing, CyclePhase.Unwinding);
      await expect(w.clearing.connect(bob).finalizeProposal(stale))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Proposing, CyclePhase.Unwinding);
    });
  });

  describe("when nobody unwinds", function () {
    it("defaults in full only after the propose-by time, when no unwind came", async function () {
      const w = await loadFixture(daveDefaults);
      const { unwindProposeBy } = await w.clearing.cycleInfo(1n);
      await expect(w.clearing.declareDefault(1n)).to.be.revertedWithCustomError(w.clearing, "DeadlineNotReached").withArgs(1n, unwindProposeBy);
      await time.increaseTo(unwindProposeBy);
      await expect(w.clearing.declareDefault(1n)).to.emit(w.clearing, "CycleDefaulted").withArgs(1n, 20n, 50n, 2n);
      await expect(w.clearing.connect(w.signers.alice).reclaim(1n)).to.emit(w.clearing, "Refunded");
    });

    it("defaults in full after the apply deadline of a standing unwind nobody applied", async function () {
      const w = await loadFixture(daveDefaults);
      await w.clearing.propose(1n, leastUnwind(w));
      const { applyDeadline, unwindProposeBy } = await w.clearing.cycleInfo(1n);
      expect(applyDeadline > unwindProposeBy).to.equal(true);
      await time.increaseTo(unwindProposeBy);
      await expect(w.clearing.declareDefault(1n)).to.be.revertedWithCustomError(w.clearing, "DeadlineNotReached").withArgs(1n, applyDeadline);
      await time.increaseTo(applyDeadline);
      await expect(w.clearing.declareDefault(1n)).to.emit(w.clearing, "CycleDefaulted");
      await expect(w.clearing.applySetOff(1n, leastUnwind(w)))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Proposing, CyclePhase.Defaulted);
    });

    it("refuses a second default declaration of a defaulted or settled cycle", async function () {
      const w = await loadFixture(daveUnwound);
      await expect(w.clearing.declareDefault(1n)).to.be.revertedWithCustomError(w.clearing, "WrongPhase").withArgs(1n, CyclePhase.Funding, CyclePhase.Settled);
    });
  });

  it("unwinds and pays out even once the cluster is dissolving", async function () {
    const w = await loadFixture(daveDefaults);
    await w.clearing.propose(1n, leastUnwind(w));
    await dissolveByVote(w, w.clusterId);
    await passWindow(w.clearing, 1n);
    await expect(w.clearing.applySetOff(1n, leastUnwind(w))).to.emit(w.clearing, "CycleSettled");
    await expect(w.clearing.connect(w.signers.carol).withdraw(1n)).to.emit(w.clearing, "Withdrawn");
    await tokenBalanceMatchesLiabilities(w);
  });

  describe("defaults on record", function () {
    it("records a defaulter once per cycle, by anyone, and counts its defaults", async function () {
      const w = await loadFixture(daveDefaults);
      const { dave, erin } = w.signers;
      await expect(w.clearing.connect(erin).recordDefault(1n, dave.address)).to.emit(w.clearing, "MemberDefaulted").withArgs(1n, dave.address, 30n, 1n);
      expect(await w.clearing.defaultsOf(dave.address)).to.equal(1n);
      expect((await w.clearing.accountOf(1n, dave.address)).defaulted).to.equal(true);
      await expect(w.clearing.recordDefault(1n, dave.address)).to.be.revertedWithCustomError(w.clearing, "DefaultAlreadyRecorded").withArgs(1n, dave.address);
    });

    it("refuses to record a funder, a creditor or an outsider as a defaulter", async function () {
      const w = await loadFixture(daveDefaults);
      const { alice, bob, stranger } = w.signers;
      for (const m of [alice, bob, stranger]) {
        await expect(w.clearing.recordDefault(1n, m.address)).to.be.revertedWithCustomError(w.clearing, "NotDefaulter").withArgs(1n, m.address);
      }
    });

    it("refuses to record a default before the funding deadline has passed unfunded", async function () {
      const w = await loadFixture(triangleFunding);
      await expect(w.clearing.recordDefault(1n, w.signers.dave.address))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Unwinding, CyclePhase.Funding);
    });

    it("counts a member's defaults across cycles: what rolled and is again unfunded is a second default", async function () {
      const w = await loadFixture(daveUnwound);
      const { dave } = w.signers;
      await w.clearing.recordDefault(1n, dave.address);
      // Cycle 2 holds the rolled 30 + 30: bob +30, dave -30. Dave does not fund again.
      await closeOpenCycle(w.clearing);
      await w.clearing.propose(2n, []);
      await passWindow(w.clearing, 2n);
      await w.clearing.applySetOff(2n, []);
      await passDeadline(w.clearing, 2n);
      await w.clearing.declareDefault(2n);
      await expect(w.clearing.recordDefault(2n, dave.address)).to.emit(w.clearing, "MemberDefaulted").withArgs(2n, dave.address, 30n, 2n);
      expect(await w.clearing.defaultsOf(dave.address)).to.equal(2n);
    });
  });

  it("keeps the set-off applied before the default", async function () {
    const w = await loadFixture(daveUnwound);
    // ca was cancelled in full by the set-off and bc settled: neither rolled nor reopened.
    for (const id of [w.ids.ca, w.ids.bc]) {
      const o = await w.clearing.obligation(id);
      expect([o.status, o.cycle, o.outstanding]).to.deep.equal([ObligationStatus.Settled, 1n, 0n]);
    }
    expect((await w.clearing.obligation(w.ids.ab)).amount).to.equal(100n);
  });
});
