import { expect } from "chai";
import { CyclePhase, ObligationStatus, ProposalState, clearingClusterCreated, cycleObligations, lineTuple, optimalProposal } from "./fixturesClearing.js";
import {
  loadFixture,
  time,
  WINDOW,
  APPLY,
  FUNDING,
  ZERO,
  owes,
  closeOpenCycle,
  passWindow,
  OPTIMUM,
  triangleClosed,
  triangleFunding,
} from "./clearingSteps.js";

describe("ClearingHouse set-off", function () {
  describe("set-off proposals", function () {
    it("accepts the solver's optimal set-off as the standing proposal and opens the challenge window", async function () {
      const w = await loadFixture(triangleClosed);
      const obligations = await cycleObligations(w.clearing, 1n);
      const { lines, total } = optimalProposal(obligations);
      expect(total).to.equal(150n);
      expect(lines.map(lineTuple)).to.deep.equal(OPTIMUM(w.ids).map(lineTuple));
      const tx = w.clearing.connect(w.signers.erin).propose(1n, lines);
      await expect(tx).to.emit(w.clearing, "ProposalStarted").withArgs(1n, 1n, w.signers.erin.address);
      await expect(tx).to.emit(w.clearing, "ProposalChunkAdded").withArgs(1n, 0n, lines.map(lineTuple), 150n);
      const end = BigInt(await time.latest()) + WINDOW;
      await expect(tx)
        .to.emit(w.clearing, "ProposalSubmitted")
        .withArgs(1n, 1n, w.signers.erin.address, 150n, 0n, end, end + APPLY);
      const c = await w.clearing.cycleInfo(1n);
      expect([c.bestProposal, c.bestTotal, c.windowEnd, c.applyDeadline]).to.deep.equal([1n, 150n, end, end + APPLY]);
      const p = await w.clearing.proposal(1n);
      expect([p.proposer, p.cycle, p.state, p.chunks, p.total]).to.deep.equal([w.signers.erin.address, 1n, ProposalState.Submitted, 1n, 150n]);
    });

    it("refuses a proposal that is not a circulation, naming the first unbalanced member", async function () {
      const w = await loadFixture(triangleClosed);
      const lines = OPTIMUM(w.ids);
      lines[1] = { obligationId: w.ids.bc, amount: 40n };
      // bob cancels 50 as creditor (ab) and 40 as debtor (bc): imbalance 40 - 50.
      await expect(w.clearing.propose(1n, lines)).to.be.revertedWithCustomError(w.clearing, "NotACirculation").withArgs(w.signers.bob.address, -10n);
    });

    it("refuses a line cancelling more than is outstanding", async function () {
      const w = await loadFixture(triangleClosed);
      const lines = [
        { obligationId: w.ids.ab, amount: 60n },
        { obligationId: w.ids.bc, amount: 60n },
        { obligationId: w.ids.ca, amount: 60n },
      ];
      await expect(w.clearing.propose(1n, lines)).to.be.revertedWithCustomError(w.clearing, "CancellationExceedsOutstanding").withArgs(w.ids.ca, 60n, 50n);
    });

    it("refuses a zero line", async function () {
      const w = await loadFixture(triangleClosed);
      await expect(w.clearing.propose(1n, [{ obligationId: w.ids.ab, amount: 0n }]))
        .to.be.revertedWithCustomError(w.clearing, "ZeroCancellation")
        .withArgs(w.ids.ab);
    });

    it("refuses lines out of order or naming an obligation twice", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab, bc, ca] = OPTIMUM(w.ids);
      await expect(w.clearing.propose(1n, [bc, ab, ca]))
        .to.be.revertedWithCustomError(w.clearing, "ObligationsNotAscending")
        .withArgs(w.ids.bc, w.ids.ab);
      await expect(w.clearing.propose(1n, [ab, ab]))
        .to.be.revertedWithCustomError(w.clearing, "ObligationsNotAscending")
        .withArgs(w.ids.ab, w.ids.ab);
    });

    it("refuses obligations outside the cycle: unconfirmed, of the open cycle, or unknown", async function () {
      const w = await loadFixture(triangleClosed);
      const { alice, bob } = w.signers;
      await w.clearing.connect(bob).createObligation(alice.address, 5n, 0n, ZERO); // 5: proposed only
      await owes(w, alice, bob, 5n); // 6: confirmed in cycle 2
      for (const id of [5n, 6n, 99n]) {
        await expect(w.clearing.propose(1n, [{ obligationId: id, amount: 1n }]))
          .to.be.revertedWithCustomError(w.clearing, "ObligationNotInCycle")
          .withArgs(id, 1n);
      }
    });

    it("refuses a proposal for a cycle that is still open or not opened yet", async function () {
      const w = await loadFixture(triangleClosed);
      await expect(w.clearing.propose(2n, [])).to.be.revertedWithCustomError(w.clearing, "WrongPhase").withArgs(2n, CyclePhase.Proposing, CyclePhase.Open);
      await expect(w.clearing.propose(3n, [])).to.be.revertedWithCustomError(w.clearing, "UnknownCycle").withArgs(3n);
    });

    it("lets a larger proposal replace the standing one", async function () {
      const w = await loadFixture(triangleClosed);
      const small = OPTIMUM(w.ids).map((l) => ({ ...l, amount: 10n }));
      await w.clearing.connect(w.signers.dave).propose(1n, small);
      const { windowEnd } = await w.clearing.cycleInfo(1n);
      await expect(w.clearing.connect(w.signers.erin).propose(1n, OPTIMUM(w.ids)))
        .to.emit(w.clearing, "ProposalSubmitted")
        .withArgs(1n, 2n, w.signers.erin.address, 150n, 1n, windowEnd, windowEnd + APPLY);
      const c = await w.clearing.cycleInfo(1n);
      expect([c.bestProposal, c.bestTotal, c.windowEnd]).to.deep.equal([2n, 150n, windowEnd]);
    });

    it("refuses a proposal that is smaller than or equal to the standing one", async function () {
      const w = await loadFixture(triangleClosed);
      await w.clearing.connect(w.signers.erin).propose(1n, OPTIMUM(w.ids));
      await expect(w.clearing.connect(w.signers.dave).propose(1n, OPTIMUM(w.ids)))
        .to.be.revertedWithCustomError(w.clearing, "ProposalNotBetter")
        .withArgs(1n, 150n, 150n);
      const smaller = OPTIMUM(w.ids).map((l) => ({ ...l, amount: 49n }));
      await expect(w.clearing.connect(w.signers.dave).propose(1n, smaller))
        .to.be.revertedWithCustomError(w.clearing, "ProposalNotBetter")
        .withArgs(1n, 147n, 150n);
      await expect(w.clearing.propose(1n, [])).to.be.revertedWithCustomError(w.clearing, "ProposalNotBetter").withArgs(1n, 0n, 150n);
    });

    it("refuses proposals once the challenge window has ended", async function () {
      const w = await loadFixture(triangleClosed);
      await w.clearing.propose(1n, []);
      await passWindow(w.clearing, 1n);
      const { windowEnd } = await w.clearing.cycleInfo(1n);
      await expect(w.clearing.propose(1n, OPTIMUM(w.ids)))
        .to.be.revertedWithCustomError(w.clearing, "ChallengeWindowClosed")
        .withArgs(1n, windowEnd);
      await expect(w.clearing.beginProposal(1n)).to.be.revertedWithCustomError(w.clearing, "ChallengeWindowClosed").withArgs(1n, windowEnd);
    });
  });

  describe("proposals in chunks", function () {
    it("becomes the standing proposal only once complete and verified", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab, bc, ca] = OPTIMUM(w.ids);
      const { erin } = w.signers;
      await expect(w.clearing.connect(erin).beginProposal(1n)).to.emit(w.clearing, "ProposalStarted").withArgs(1n, 1n, erin.address);
      await expect(w.clearing.connect(erin).addChunk(1n, [ab, bc]))
        .to.emit(w.clearing, "ProposalChunkAdded")
        .withArgs(1n, 0n, [lineTuple(ab), lineTuple(bc)], 100n);
      expect((await w.clearing.proposal(1n)).unbalancedMembers).to.equal(2n); // alice and carol
      expect((await w.clearing.cycleInfo(1n)).bestProposal).to.equal(0n);
      await w.clearing.connect(erin).addChunk(1n, [ca]);
      const p = await w.clearing.proposal(1n);
      expect([p.state, p.chunks, p.unbalancedMembers, p.total, p.lastObligationId]).to.deep.equal([ProposalState.InProgress, 2n, 0n, 150n, w.ids.ca]);
      const now = BigInt(await time.latest());
      await expect(w.clearing.connect(erin).finalizeProposal(1n))
        .to.emit(w.clearing, "ProposalSubmitted")
        .withArgs(1n, 1n, erin.address, 150n, 0n, now + 1n + WINDOW, now + 1n + WINDOW + APPLY);
      expect((await w.clearing.proposal(1n)).state).to.equal(ProposalState.Submitted);
      expect((await w.clearing.cycleInfo(1n)).bestProposal).to.equal(1n);
    });

    it("refuses to finalize an incomplete proposal, which blocks nobody", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab, bc, ca] = OPTIMUM(w.ids);
      await w.clearing.connect(w.signers.erin).beginProposal(1n);
      await w.clearing.connect(w.signers.erin).addChunk(1n, [ab, bc]);
      await expect(w.clearing.connect(w.signers.erin).finalizeProposal(1n)).to.be.revertedWithCustomError(w.clearing, "ProposalUnbalanced").withArgs(1n, 2n);
      // Someone else proposes and wins while the chunked one is still unfinished.
      await w.clearing.connect(w.signers.dave).propose(1n, [ab, bc, ca]);
      await passWindow(w.clearing, 1n);
      await expect(w.clearing.applySetOff(1n, [ab, bc, ca]))
        .to.emit(w.clearing, "SetOffApplied")
        .withArgs(1n, 2n, 150n);
    });

    it("keeps lines ascending across chunks", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab, bc] = OPTIMUM(w.ids);
      await w.clearing.connect(w.signers.erin).beginProposal(1n);
      await w.clearing.connect(w.signers.erin).addChunk(1n, [bc]);
      await expect(w.clearing.connect(w.signers.erin).addChunk(1n, [ab]))
        .to.be.revertedWithCustomError(w.clearing, "ObligationsNotAscending")
        .withArgs(w.ids.bc, w.ids.ab);
    });

    it("lets only its proposer add to, finalize or abandon it", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab] = OPTIMUM(w.ids);
      await w.clearing.connect(w.signers.erin).beginProposal(1n);
      const dave = w.clearing.connect(w.signers.dave);
      for (const call of [() => dave.addChunk(1n, [ab]), () => dave.finalizeProposal(1n), () => dave.abandonProposal(1n)]) {
        await expect(call()).to.be.revertedWithCustomError(w.clearing, "NotProposer").withArgs(1n, w.signers.dave.address);
      }
      await expect(dave.addChunk(2n, [ab]))
        .to.be.revertedWithCustomError(w.clearing, "UnknownProposal")
        .withArgs(2n);
      await expect(w.clearing.proposal(0n)).to.be.revertedWithCustomError(w.clearing, "UnknownProposal").withArgs(0n);
    });

    it("refuses an empty chunk", async function () {
      const w = await loadFixture(triangleClosed);
      await w.clearing.connect(w.signers.erin).beginProposal(1n);
      await expect(w.clearing.connect(w.signers.erin).addChunk(1n, [])).to.be.revertedWithCustomError(w.clearing, "EmptyChunk").withArgs(1n);
    });

    it("can be abandoned, after which it takes no more chunks", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab] = OPTIMUM(w.ids);
      const erin = w.clearing.connect(w.signers.erin);
      await erin.beginProposal(1n);
      await erin.addChunk(1n, [ab]);
      await expect(erin.abandonProposal(1n)).to.emit(w.clearing, "ProposalAbandoned").withArgs(1n);
      await expect(erin.addChunk(1n, [ab]))
        .to.be.revertedWithCustomError(w.clearing, "ProposalNotInProgress")
        .withArgs(1n, ProposalState.Abandoned);
      await expect(erin.finalizeProposal(1n)).to.be.revertedWithCustomError(w.clearing, "ProposalNotInProgress").withArgs(1n, ProposalState.Abandoned);
    });

    it("abandons the proposer's unfinished proposal when it begins another, whose balances start from zero", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab, bc, ca] = OPTIMUM(w.ids);
      const erin = w.clearing.connect(w.signers.erin);
      await erin.beginProposal(1n);
      await erin.addChunk(1n, [ab, bc]);
      await expect(erin.beginProposal(1n)).to.emit(w.clearing, "ProposalAbandoned").withArgs(1n);
      await erin.addChunk(2n, [ab]);
      await erin.addChunk(2n, [bc, ca]);
      expect((await w.clearing.proposal(2n)).unbalancedMembers).to.equal(0n);
      await expect(erin.finalizeProposal(2n)).to.emit(w.clearing, "ProposalSubmitted");
      await expect(erin.finalizeProposal(2n)).to.be.revertedWithCustomError(w.clearing, "ProposalNotInProgress").withArgs(2n, ProposalState.Submitted);
    });

    it("refuses a complete proposal that does not beat the standing one", async function () {
      const w = await loadFixture(triangleClosed);
      await w.clearing.connect(w.signers.dave).propose(1n, OPTIMUM(w.ids));
      const erin = w.clearing.connect(w.signers.erin);
      await erin.beginProposal(1n);
      await erin.addChunk(2n, OPTIMUM(w.ids));
      await expect(erin.finalizeProposal(2n)).to.be.revertedWithCustomError(w.clearing, "ProposalNotBetter").withArgs(1n, 150n, 150n);
    });

    it("applies a proposal without chunks with one empty call", async function () {
      const w = await loadFixture(triangleClosed);
      const erin = w.clearing.connect(w.signers.erin);
      await erin.beginProposal(1n);
      await erin.finalizeProposal(1n);
      await passWindow(w.clearing, 1n);
      await expect(w.clearing.applySetOff(1n, OPTIMUM(w.ids)))
        .to.be.revertedWithCustomError(w.clearing, "ChunkMismatch")
        .withArgs(1n, 0n);
      await expect(w.clearing.applySetOff(1n, [])).to.emit(w.clearing, "SetOffApplied").withArgs(1n, 1n, 0n);
      expect((await w.clearing.obligation(w.ids.ab)).outstanding).to.equal(100n);
    });

    it("is applied chunk by chunk, each exactly as submitted", async function () {
      const w = await loadFixture(triangleClosed);
      const [ab, bc, ca] = OPTIMUM(w.ids);
      const erin = w.clearing.connect(w.signers.erin);
      await erin.beginProposal(1n);
      await erin.addChunk(1n, [ab]);
      await erin.addChunk(1n, [bc, ca]);
      await erin.finalizeProposal(1n);
      await passWindow(w.clearing, 1n);
      await expect(w.clearing.applySetOff(1n, [ab, bc]))
        .to.be.revertedWithCustomError(w.clearing, "ChunkMismatch")
        .withArgs(1n, 0n);
      await expect(w.clearing.applySetOff(1n, [ab]))
        .to.emit(w.clearing, "SetOffChunkApplied")
        .withArgs(1n, 1n, 0n);
      expect((await w.clearing.cycleInfo(1n)).phase).to.equal(CyclePhase.Applying);
      expect((await w.clearing.obligation(w.ids.ab)).outstanding).to.equal(50n);
      const tx = w.clearing.applySetOff(1n, [bc, ca]);
      await expect(tx).to.emit(w.clearing, "SetOffChunkApplied").withArgs(1n, 1n, 1n);
      await expect(tx).to.emit(w.clearing, "SetOffApplied").withArgs(1n, 1n, 150n);
      await expect(tx)
        .to.emit(w.clearing, "FundingOpened")
        .withArgs(1n, await w.token.getAddress(), 50n, BigInt(await time.latest()) + FUNDING);
      expect((await w.clearing.proposal(1n)).appliedChunks).to.equal(2n);
    });
  });

  describe("applying the set-off", function () {
    it("refuses to apply before the challenge window ends", async function () {
      const w = await loadFixture(triangleClosed);
      await w.clearing.propose(1n, OPTIMUM(w.ids));
      const { windowEnd } = await w.clearing.cycleInfo(1n);
      await expect(w.clearing.applySetOff(1n, OPTIMUM(w.ids)))
        .to.be.revertedWithCustomError(w.clearing, "ChallengeWindowOpen")
        .withArgs(1n, windowEnd);
    });

    it("refuses to apply without any proposal", async function () {
      const w = await loadFixture(triangleClosed);
      await expect(w.clearing.applySetOff(1n, [])).to.be.revertedWithCustomError(w.clearing, "NoProposal").withArgs(1n);
    });

    it("refuses lines other than the best proposal's", async function () {
      const w = await loadFixture(triangleClosed);
      await w.clearing.propose(1n, OPTIMUM(w.ids));
      await passWindow(w.clearing, 1n);
      await expect(w.clearing.applySetOff(1n, OPTIMUM(w.ids).slice(0, 2)))
        .to.be.revertedWithCustomError(w.clearing, "ChunkMismatch")
        .withArgs(1n, 0n);
    });

    it("cancels the best proposal's amounts and opens funding in the cluster's settlement token", async function () {
      const w = await loadFixture(triangleFunding);
      const outstanding = await Promise.all([w.ids.ab, w.ids.bc, w.ids.ca, w.ids.da].map(async (id) => (await w.clearing.obligation(id)).outstanding));
      expect(outstanding).to.deep.equal([50n, 20n, 0n, 30n]);
      const c = await w.clearing.cycleInfo(1n);
      expect([c.phase, c.token, c.liquidityNeeded]).to.deep.equal([CyclePhase.Funding, await w.token.getAddress(), 50n]);
      await expect(w.clearing.applySetOff(1n, []))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Proposing, CyclePhase.Funding);
    });

    it("settles at once a cycle the set-off clears completely", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const { alice, bob, carol } = w.signers;
      const ab = await owes(w, alice, bob, 40n);
      const bc = await owes(w, bob, carol, 40n);
      const ca = await owes(w, carol, alice, 40n);
      await closeOpenCycle(w.clearing);
      const lines = [ab, bc, ca].map((id) => ({ obligationId: id, amount: 40n }));
      await w.clearing.propose(1n, lines);
      await passWindow(w.clearing, 1n);
      await expect(w.clearing.applySetOff(1n, lines)).to.emit(w.clearing, "CycleSettled").withArgs(1n, 0n);
      expect((await w.clearing.obligation(ab)).status).to.equal(ObligationStatus.Settled);
    });
  });
});
