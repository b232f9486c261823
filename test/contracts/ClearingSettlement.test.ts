import { expect } from "chai";
import { CyclePhase, ObligationStatus, STARTING_BALANCE, clearingWithoutAgreementsOrToken, cycleObligations, optimalProposal } from "./fixturesClearing.js";
import {
  loadFixture,
  time,
  ZERO,
  owes,
  closeOpenCycle,
  passWindow,
  passDeadline,
  defaultInFull,
  OPTIMUM,
  triangleClosed,
  triangleFunding,
  tokenBalanceMatchesLiabilities,
  passByVote,
} from "./clearingSteps.js";
import { SettlementToken__factory } from "../../types/typechain/index.js";

describe("ClearingHouse settlement", function () {
  describe("net settlement", function () {
    it("settles when every net debtor has funded; creditors then withdraw their positions", async function () {
      const w = await loadFixture(triangleFunding);
      const { alice, bob, carol, dave } = w.signers;
      const token = await w.token.getAddress();
      await expect(w.clearing.connect(alice).fund(1n)).to.emit(w.clearing, "PositionFunded").withArgs(1n, alice.address, 20n);
      expect((await w.clearing.obligation(w.ids.ab)).status).to.equal(ObligationStatus.Confirmed);
      const tx = w.clearing.connect(dave).fund(1n);
      await expect(tx).to.emit(w.clearing, "PositionFunded").withArgs(1n, dave.address, 30n);
      await expect(tx).to.emit(w.clearing, "CycleSettled").withArgs(1n, 50n);
      await tokenBalanceMatchesLiabilities(w);
      expect(await w.clearing.liabilities(token)).to.equal(50n);
      for (const id of Object.values(w.ids)) {
        const o = await w.clearing.obligation(id);
        expect([o.status, o.outstanding]).to.deep.equal([ObligationStatus.Settled, 0n]);
      }
      await expect(w.clearing.connect(bob).withdraw(1n)).to.emit(w.clearing, "Withdrawn").withArgs(1n, bob.address, token, 30n);
      await expect(w.clearing.connect(carol).withdraw(1n)).to.emit(w.clearing, "Withdrawn").withArgs(1n, carol.address, token, 20n);
      await tokenBalanceMatchesLiabilities(w);
      expect(await w.clearing.liabilities(token)).to.equal(0n);
      expect(await w.token.balanceOf(bob.address)).to.equal(STARTING_BALANCE + 30n);
      expect(await w.token.balanceOf(alice.address)).to.equal(STARTING_BALANCE - 20n);
      const a = await w.clearing.accountOf(1n, bob.address);
      expect([a.position, a.funded, a.withdrawn, a.refunded]).to.deep.equal([30n, 0n, true, false]);
    });

    it("refuses a second withdrawal", async function () {
      const w = await loadFixture(triangleFunding);
      await w.clearing.connect(w.signers.alice).fund(1n);
      await w.clearing.connect(w.signers.dave).fund(1n);
      await w.clearing.connect(w.signers.bob).withdraw(1n);
      await expect(w.clearing.connect(w.signers.bob).withdraw(1n))
        .to.be.revertedWithCustomError(w.clearing, "AlreadyWithdrawn")
        .withArgs(1n, w.signers.bob.address);
    });

    it("refuses a withdrawal by a member who is not a net creditor", async function () {
      const w = await loadFixture(triangleFunding);
      await w.clearing.connect(w.signers.alice).fund(1n);
      await w.clearing.connect(w.signers.dave).fund(1n);
      for (const who of [w.signers.alice, w.signers.erin, w.signers.stranger]) {
        await expect(w.clearing.connect(who).withdraw(1n)).to.be.revertedWithCustomError(w.clearing, "NothingToWithdraw").withArgs(1n, who.address);
      }
    });

    it("refuses a withdrawal before the cycle has settled", async function () {
      const w = await loadFixture(triangleFunding);
      await w.clearing.connect(w.signers.alice).fund(1n);
      await expect(w.clearing.connect(w.signers.bob).withdraw(1n))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Settled, CyclePhase.Funding);
    });

    it("refuses funding by a member who is not a net debtor", async function () {
      const w = await loadFixture(triangleFunding);
      await expect(w.clearing.connect(w.signers.bob).fund(1n))
        .to.be.revertedWithCustomError(w.clearing, "NotNetDebtor")
        .withArgs(1n, w.signers.bob.address, 30n);
      await expect(w.clearing.connect(w.signers.erin).fund(1n))
        .to.be.revertedWithCustomError(w.clearing, "NotNetDebtor")
        .withArgs(1n, w.signers.erin.address, 0n);
    });

    it("refuses a second funding", async function () {
      const w = await loadFixture(triangleFunding);
      await w.clearing.connect(w.signers.alice).fund(1n);
      await expect(w.clearing.connect(w.signers.alice).fund(1n))
        .to.be.revertedWithCustomError(w.clearing, "AlreadyFunded")
        .withArgs(1n, w.signers.alice.address);
    });

    it("refuses funding before the set-off is applied and after the deadline", async function () {
      const w = await loadFixture(triangleClosed);
      await expect(w.clearing.connect(w.signers.alice).fund(1n))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Funding, CyclePhase.Proposing);
      await w.clearing.propose(1n, OPTIMUM(w.ids));
      await passWindow(w.clearing, 1n);
      await w.clearing.applySetOff(1n, OPTIMUM(w.ids));
      await passDeadline(w.clearing, 1n);
      const { fundingDeadline } = await w.clearing.cycleInfo(1n);
      await expect(w.clearing.connect(w.signers.alice).fund(1n)).to.be.revertedWithCustomError(w.clearing, "FundingClosed").withArgs(1n, fundingDeadline);
    });

    it("refuses funding when the cluster has no settlement token", async function () {
      const w = await loadFixture(clearingWithoutAgreementsOrToken);
      const { alice, bob } = w.signers;
      await w.clearing.connect(bob).createObligation(alice.address, 10n, 0n, ZERO);
      await w.clearing.connect(alice).confirmObligation(1n);
      await closeOpenCycle(w.clearing);
      await w.clearing.propose(1n, []);
      await passWindow(w.clearing, 1n);
      await w.clearing.applySetOff(1n, []);
      await expect(w.clearing.connect(alice).fund(1n)).to.be.revertedWithCustomError(w.clearing, "SettlementTokenNotSet").withArgs(w.clusterId);
    });
  });

  describe("default and roll-over", function () {
    it("refuses to declare a default before the funding deadline", async function () {
      const w = await loadFixture(triangleFunding);
      const { fundingDeadline } = await w.clearing.cycleInfo(1n);
      await expect(w.clearing.declareDefault(1n)).to.be.revertedWithCustomError(w.clearing, "DeadlineNotReached").withArgs(1n, fundingDeadline);
    });

    it("refuses to declare a default for a cycle that settled", async function () {
      const w = await loadFixture(triangleFunding);
      await w.clearing.connect(w.signers.alice).fund(1n);
      await w.clearing.connect(w.signers.dave).fund(1n);
      await passDeadline(w.clearing, 1n);
      await expect(w.clearing.declareDefault(1n)).to.be.revertedWithCustomError(w.clearing, "WrongPhase").withArgs(1n, CyclePhase.Funding, CyclePhase.Settled);
    });

    it("refunds the funders of a defaulted cycle once each", async function () {
      const w = await loadFixture(triangleFunding);
      const { alice, dave } = w.signers;
      const token = await w.token.getAddress();
      await w.clearing.connect(alice).fund(1n);
      await expect(defaultInFull(w.clearing.connect(dave), 1n))
        .to.emit(w.clearing, "CycleDefaulted")
        .withArgs(1n, 20n, 50n, 2n);
      await tokenBalanceMatchesLiabilities(w);
      await expect(w.clearing.connect(alice).reclaim(1n)).to.emit(w.clearing, "Refunded").withArgs(1n, alice.address, token, 20n);
      await expect(w.clearing.connect(alice).reclaim(1n)).to.be.revertedWithCustomError(w.clearing, "AlreadyRefunded").withArgs(1n, alice.address);
      await expect(w.clearing.connect(dave).reclaim(1n)).to.be.revertedWithCustomError(w.clearing, "NothingToRefund").withArgs(1n, dave.address);
      await expect(w.clearing.connect(w.signers.bob).withdraw(1n))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Settled, CyclePhase.Defaulted);
      await tokenBalanceMatchesLiabilities(w);
      expect(await w.token.balanceOf(alice.address)).to.equal(STARTING_BALANCE);
    });

    it("refuses a refund in a cycle that did not default", async function () {
      const w = await loadFixture(triangleFunding);
      await w.clearing.connect(w.signers.alice).fund(1n);
      await expect(w.clearing.connect(w.signers.alice).reclaim(1n))
        .to.be.revertedWithCustomError(w.clearing, "WrongPhase")
        .withArgs(1n, CyclePhase.Defaulted, CyclePhase.Funding);
    });

    it("rolls the defaulted obligations, set-off kept, into the next cycle, which then settles them all", async function () {
      const w = await loadFixture(triangleFunding);
      const { alice, bob, carol, dave, erin } = w.signers;
      await defaultInFull(w.clearing, 1n);
      // Cycle 2 adds erin owes dave 30 (dave's position goes from -30 to 0).
      const ed = await owes(w, erin, dave, 30n);
      expect((await w.clearing.cycleInfo(2n)).liquidityNeeded).to.equal(50n);
      await closeOpenCycle(w.clearing);
      const c2 = await w.clearing.cycleInfo(2n);
      expect([c2.baseCycle, c2.obligations, c2.liquidityNeeded]).to.deep.equal([1n, 5n, 50n]);
      const positions = await Promise.all([alice, bob, carol, dave, erin].map((m) => w.clearing.positionOf(2n, m.address)));
      expect(positions).to.deep.equal([-20n, 30n, 20n, 0n, -30n]);
      // The rolled-over obligations carry their reduced amounts into the cycle's set-off.
      const obligations = await cycleObligations(w.clearing, 2n);
      expect(obligations.map((o) => [o.id, o.amount])).to.deep.equal([
        [w.ids.ab, 50n],
        [w.ids.bc, 20n],
        [w.ids.da, 30n],
        [ed, 30n],
      ]);
      const { lines, total } = optimalProposal(obligations);
      expect(total).to.equal(0n);
      await w.clearing.propose(2n, lines);
      await passWindow(w.clearing, 2n);
      await w.clearing.applySetOff(2n, lines);
      await w.clearing.connect(alice).fund(2n);
      await expect(w.clearing.connect(erin).fund(2n)).to.emit(w.clearing, "CycleSettled").withArgs(2n, 50n);
      for (const id of [w.ids.ab, w.ids.bc, w.ids.ca, w.ids.da, ed]) {
        expect((await w.clearing.obligation(id)).status).to.equal(ObligationStatus.Settled);
      }
      await w.clearing.connect(bob).withdraw(2n);
      await w.clearing.connect(carol).withdraw(2n);
      await expect(w.clearing.connect(dave).withdraw(2n)).to.be.revertedWithCustomError(w.clearing, "NothingToWithdraw");
      await tokenBalanceMatchesLiabilities(w);
      expect(await w.clearing.liabilities(await w.token.getAddress())).to.equal(0n);
    });

    it("closes the next cycle after a default with the liquidity of both cycles' obligations", async function () {
      const w = await loadFixture(triangleFunding);
      const { alice, bob } = w.signers;
      await owes(w, bob, alice, 20n); // cycle 2: bob -> alice 20 (alice nets to 0 over both cycles)
      const { cutoff } = await w.clearing.cycleInfo(2n);
      expect((await w.clearing.cycleInfo(2n)).liquidityNeeded).to.equal(20n); // provisional: as if cycle 1 settles
      await defaultInFull(w.clearing, 1n);
      await time.increaseTo(cutoff);
      await expect(w.clearing.closeCycle())
        .to.emit(w.clearing, "CycleClosed")
        .withArgs(2n, 1n, 5n, 30n, await w.token.getAddress());
      expect(await w.clearing.positionOf(2n, alice.address)).to.equal(0n);
      expect(await w.clearing.positionOf(2n, bob.address)).to.equal(10n);
    });
  });
  describe("the settlement token", function () {
    it("attack: a token change passed between a cycle's close and its funding leaves that cycle in its old token; it applies from the next cycle to close", async function () {
      const w = await loadFixture(triangleClosed);
      const { cdc, alice, bob, carol, dave, erin } = w.signers;
      const oldToken = await w.token.getAddress();
      expect((await w.clearing.cycleInfo(1n)).token).to.equal(oldToken);
      const other = await new SettlementToken__factory(cdc).deploy("Other Rouble", "oRUB", cdc.address, cdc.address);
      const newToken = await other.getAddress();
      await owes(w, bob, carol, 5n); // cycle 2's own business

      // The cluster votes the new token in while cycle 1 is being cleared.
      await passByVote(w, (governor) => governor.proposeParams({ ...w.params, settlementToken: newToken }, "Settle in oRUB"));
      expect((await w.registry.cluster(w.clusterId)).params.settlementToken).to.equal(newToken);

      await w.clearing.connect(erin).propose(1n, OPTIMUM(w.ids));
      await passWindow(w.clearing, 1n);
      await expect(w.clearing.applySetOff(1n, OPTIMUM(w.ids)))
        .to.emit(w.clearing, "FundingOpened")
        .withArgs(1n, oldToken, 50n, (d: bigint) => d > 0n);
      const before = await w.token.balanceOf(alice.address);
      await w.clearing.connect(alice).fund(1n);
      await w.clearing.connect(dave).fund(1n);
      expect(before - (await w.token.balanceOf(alice.address))).to.equal(20n);
      await w.clearing.connect(bob).withdraw(1n);
      expect(await other.balanceOf(await w.clearing.getAddress())).to.equal(0n);
      await tokenBalanceMatchesLiabilities(w);

      // Cycle 2 closes after the change: it settles in the new token.
      const { cutoff } = await w.clearing.cycleInfo(2n);
      await time.increaseTo(cutoff);
      await expect(w.clearing.closeCycle()).to.emit(w.clearing, "CycleClosed").withArgs(2n, 2n, 1n, 5n, newToken);
      expect((await w.clearing.cycleInfo(2n)).token).to.equal(newToken);
    });
  });
});
