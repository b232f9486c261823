import { expect } from "chai";
import { deployBareClone } from "../../deploy/clone.js";
import { ClearingHouse__factory } from "../../types/typechain/index.js";
import { DAY, Status } from "./encodings.js";
import { dissolveByVote } from "./dissolution.js";
import { GOVERNOR } from "./governorCalls.js";
import {
  AGREEMENTS,
  CLEARING,
  CyclePhase,
  ObligationStatus,
  STARTING_BALANCE,
  clearingClusterCreated,
  clearingWithoutAgreementsOrToken,
  cycleObligations,
  optimalProposal,
  type ClearingWorld,
} from "./fixturesClearing.js";
import { AgreementKind, DOCUMENTS, paymentObligationAccepted } from "./fixturesDocuments.js";
import {
  ethers,
  loadFixture,
  time,
  CYCLE,
  ZERO,
  owes,
  closeOpenCycle,
  passWindow,
  defaultInFull,
  triangle,
  OPTIMUM,
  triangleClosed,
  triangleFunding,
  tokenBalanceMatchesLiabilities,
  passByVote,
} from "./clearingSteps.js";

describe("ClearingHouse", function () {
  describe("initialisation", function () {
    it("is cloned for a new cluster by the factory and opens cycle 1 one cycle length later", async function () {
      const w = await loadFixture(clearingClusterCreated);
      expect(await w.clearing.registry()).to.equal(await w.registry.getAddress());
      expect(await w.clearing.clusterId()).to.equal(w.clusterId);
      expect(await w.clearing.openCycle()).to.equal(1n);
      const created = (await w.registry.cluster(w.clusterId)).createdAt;
      const c = await w.clearing.cycleInfo(1n);
      expect(c.phase).to.equal(CyclePhase.Open);
      expect(c.cutoff).to.equal(created + CYCLE);
      expect(await w.factory.componentKinds()).to.deep.equal([GOVERNOR, DOCUMENTS, AGREEMENTS, CLEARING]);
    });

    it("refuses a second initialisation of a clone", async function () {
      const w = await loadFixture(clearingClusterCreated);
      await expect(w.clearing.initialize(await w.registry.getAddress(), w.clusterId)).to.be.revertedWithCustomError(w.clearing, "InvalidInitialization");
    });

    it("can never initialise the implementation itself", async function () {
      const w = await loadFixture(clearingClusterCreated);
      await expect(w.clearingImpl.initialize(await w.registry.getAddress(), w.clusterId)).to.be.revertedWithCustomError(
        w.clearingImpl,
        "InvalidInitialization",
      );
    });

    it("refuses a zero registry and any registry but its implementation's", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const bare = await deployBareClone(w.signers.cdc, await w.clearingImpl.getAddress());
      const clone = ClearingHouse__factory.connect(bare.address, w.signers.cdc);
      await expect(clone.initialize(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(clone, "ZeroRegistry");
      await expect(clone.initialize(w.signers.stranger.address, w.clusterId))
        .to.be.revertedWithCustomError(clone, "ForeignRegistry")
        .withArgs(w.signers.stranger.address, await w.registry.getAddress());
      await expect(new ClearingHouse__factory(w.signers.cdc).deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(clone, "ZeroRegistry");
    });
  });

  describe("obligations", function () {
    it("records an obligation the creditor creates, pending the debtor's confirmation", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      const ref = ethers.id("bafy-invoice-17");
      await expect(clearing.connect(signers.bob).createObligation(signers.alice.address, 1250n, 1_900_000_000n, ref))
        .to.emit(clearing, "ObligationCreated")
        .withArgs(1n, signers.bob.address, signers.alice.address, 1250n, 1_900_000_000n, ref);
      const o = await clearing.obligation(1n);
      expect([o.debtor, o.creditor, o.amount, o.outstanding, o.dueDate, o.cycle, o.status, o.referenceDigest]).to.deep.equal([
        signers.alice.address,
        signers.bob.address,
        1250n,
        1250n,
        1_900_000_000n,
        0n,
        ObligationStatus.Proposed,
        ref,
      ]);
      expect(await clearing.positionOf(1n, signers.alice.address)).to.equal(0n);
    });

    it("refuses an obligation from a creditor who is not a member", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await expect(clearing.connect(signers.stranger).createObligation(signers.alice.address, 1n, 0n, ZERO))
        .to.be.revertedWithCustomError(clearing, "NotMember")
        .withArgs(signers.stranger.address);
    });

    it("refuses an obligation on a debtor who is not a member", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await expect(clearing.connect(signers.bob).createObligation(signers.stranger.address, 1n, 0n, ZERO))
        .to.be.revertedWithCustomError(clearing, "NotMember")
        .withArgs(signers.stranger.address);
    });

    it("refuses an obligation a member would owe itself", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await expect(clearing.connect(signers.bob).createObligation(signers.bob.address, 1n, 0n, ZERO))
        .to.be.revertedWithCustomError(clearing, "SelfObligation")
        .withArgs(signers.bob.address);
    });

    it("refuses a zero amount and one beyond 2^128 - 1", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await expect(clearing.connect(signers.bob).createObligation(signers.alice.address, 0n, 0n, ZERO))
        .to.be.revertedWithCustomError(clearing, "InvalidAmount")
        .withArgs(0n);
      await expect(clearing.connect(signers.bob).createObligation(signers.alice.address, 1n << 128n, 0n, ZERO))
        .to.be.revertedWithCustomError(clearing, "InvalidAmount")
        .withArgs(1n << 128n);
    });

    it("puts an obligation the debtor confirms into the open cycle and moves both net positions", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await clearing.connect(signers.bob).createObligation(signers.alice.address, 400n, 0n, ZERO);
      await expect(clearing.connect(signers.alice).confirmObligation(1n)).to.emit(clearing, "ObligationConfirmed").withArgs(1n, 1n);
      const o = await clearing.obligation(1n);
      expect([o.status, o.cycle]).to.deep.equal([ObligationStatus.Confirmed, 1n]);
      expect(await clearing.positionOf(1n, signers.alice.address)).to.equal(-400n);
      expect(await clearing.positionOf(1n, signers.bob.address)).to.equal(400n);
      expect((await clearing.cycleInfo(1n)).liquidityNeeded).to.equal(400n);
      expect((await clearing.cycleInfo(1n)).obligations).to.equal(1n);
      expect(await clearing.participants()).to.deep.equal([signers.alice.address, signers.bob.address]);
    });

    it("refuses a confirmation by anyone but the debtor", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await clearing.connect(signers.bob).createObligation(signers.alice.address, 400n, 0n, ZERO);
      for (const who of [signers.bob, signers.carol, signers.stranger]) {
        await expect(clearing.connect(who).confirmObligation(1n)).to.be.revertedWithCustomError(clearing, "NotDebtor").withArgs(1n, who.address);
      }
    });

    it("refuses a second confirmation and an unknown obligation", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await clearing.connect(signers.bob).createObligation(signers.alice.address, 400n, 0n, ZERO);
      await clearing.connect(signers.alice).confirmObligation(1n);
      await expect(clearing.connect(signers.alice).confirmObligation(1n))
        .to.be.revertedWithCustomError(clearing, "ObligationNotPending")
        .withArgs(1n, ObligationStatus.Confirmed);
      await expect(clearing.connect(signers.alice).confirmObligation(2n)).to.be.revertedWithCustomError(clearing, "UnknownObligation").withArgs(2n);
      await expect(clearing.obligation(2n)).to.be.revertedWithCustomError(clearing, "UnknownObligation").withArgs(2n);
    });

    it("lets the creditor cancel an unconfirmed obligation, which then cannot be confirmed", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await clearing.connect(signers.bob).createObligation(signers.alice.address, 400n, 0n, ZERO);
      await expect(clearing.connect(signers.bob).cancelObligation(1n)).to.emit(clearing, "ObligationCancelled").withArgs(1n);
      expect((await clearing.obligation(1n)).status).to.equal(ObligationStatus.Cancelled);
      await expect(clearing.connect(signers.alice).confirmObligation(1n))
        .to.be.revertedWithCustomError(clearing, "ObligationNotPending")
        .withArgs(1n, ObligationStatus.Cancelled);
    });

    it("refuses a cancellation by anyone but the creditor", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await clearing.connect(signers.bob).createObligation(signers.alice.address, 400n, 0n, ZERO);
      await expect(clearing.connect(signers.alice).cancelObligation(1n))
        .to.be.revertedWithCustomError(clearing, "NotCreditor")
        .withArgs(1n, signers.alice.address);
    });

    it("refuses a cancellation after confirmation", async function () {
      const { clearing, signers } = await loadFixture(clearingClusterCreated);
      await clearing.connect(signers.bob).createObligation(signers.alice.address, 400n, 0n, ZERO);
      await clearing.connect(signers.alice).confirmObligation(1n);
      await expect(clearing.connect(signers.bob).cancelObligation(1n))
        .to.be.revertedWithCustomError(clearing, "ObligationNotPending")
        .withArgs(1n, ObligationStatus.Confirmed);
    });
  });

  describe("obligations from agreements", function () {
    /** Carol owes Dave 9,000.00 by an accepted milestone of a real agreement, due in 60 days. */
    async function carolOwesDave(w: ClearingWorld) {
      const dueDate = BigInt(await time.latest()) + 60n * BigInt(DAY);
      const accepted = await paymentObligationAccepted(w.agreements, w.signers.carol, w.signers.dave, 900_000n, dueDate);
      return { ...accepted, dueDate };
    }

    it("imports an accepted milestone's payment obligation already confirmed, for anyone who asks", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const { clearing, signers } = w;
      const { agreementId, obligationId, dueDate } = await carolOwesDave(w);
      const tx = clearing.connect(signers.stranger).importAgreementObligation(obligationId);
      await expect(tx).to.emit(clearing, "ObligationCreated").withArgs(1n, signers.dave.address, signers.carol.address, 900_000n, dueDate, ZERO);
      await expect(tx).to.emit(clearing, "ObligationConfirmed").withArgs(1n, 1n);
      await expect(tx).to.emit(clearing, "ObligationImported").withArgs(1n, obligationId, agreementId, 0n);
      const o = await clearing.obligation(1n);
      expect([o.status, o.cycle, o.agreementObligationId]).to.deep.equal([ObligationStatus.Confirmed, 1n, obligationId]);
      expect(await clearing.importedAs(obligationId)).to.equal(1n);
      expect(await clearing.positionOf(1n, signers.dave.address)).to.equal(900_000n);
    });

    it("clears imported agreement obligations like any other: a cycle of three milestones cancels in full", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const { alice, bob, carol } = w.signers;
      const due = BigInt(await time.latest()) + 60n * BigInt(DAY);
      for (const [payer, payee] of [
        [alice, bob],
        [bob, carol],
        [carol, alice],
      ] as const) {
        const { obligationId } = await paymentObligationAccepted(w.agreements, payer, payee, 40n, due);
        await w.clearing.importAgreementObligation(obligationId);
      }
      const cycle = await closeOpenCycle(w.clearing);
      const { lines, total } = optimalProposal(await cycleObligations(w.clearing, cycle));
      expect(total).to.equal(120n);
      await w.clearing.propose(cycle, lines);
      await passWindow(w.clearing, cycle);
      await w.clearing.applySetOff(cycle, lines);
      for (const id of [1n, 2n, 3n]) expect((await w.clearing.obligation(id)).outstanding).to.equal(0n);
    });

    it("refuses to import the same payment obligation twice", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const { obligationId } = await carolOwesDave(w);
      await w.clearing.importAgreementObligation(obligationId);
      await expect(w.clearing.importAgreementObligation(obligationId)).to.be.revertedWithCustomError(w.clearing, "AlreadyImported").withArgs(obligationId, 1n);
    });

    it("refuses an id the agreement registry does not know", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const { obligationId } = await carolOwesDave(w);
      for (const id of [0n, obligationId + 1n]) {
        await expect(w.clearing.importAgreementObligation(id)).to.be.revertedWithCustomError(w.clearing, "UnknownAgreementObligation").withArgs(id);
      }
    });

    it("never meets a self-owed or zero payment obligation: the agreement registry refuses such milestones", async function () {
      const { agreements, signers } = await loadFixture(clearingClusterCreated);
      const { carol, dave } = signers;
      const terms = (payer: string, amount: bigint) => ({
        termsCid: ethers.id("cid:refused"),
        termsHash: ethers.id("plain:refused"),
        totalValue: amount,
        milestones: [{ deliverer: carol.address, payer, amount, dueDate: 0n }],
      });
      const parties = [carol.address, dave.address];
      await expect(agreements.connect(carol).create(AgreementKind.Services, parties, terms(carol.address, 1n)))
        .to.be.revertedWithCustomError(agreements, "SelfMilestone")
        .withArgs(0n, carol.address);
      await expect(agreements.connect(carol).create(AgreementKind.Services, parties, terms(dave.address, 0n)))
        .to.be.revertedWithCustomError(agreements, "InvalidAmount")
        .withArgs(0n, 0n);
    });

    it("refuses to import in a cluster without an agreements component", async function () {
      const { clearing, clusterId } = await loadFixture(clearingWithoutAgreementsOrToken);
      await expect(clearing.importAgreementObligation(1n)).to.be.revertedWithCustomError(clearing, "NoAgreementsComponent").withArgs(clusterId);
    });
  });

  describe("the cluster's state and configuration", function () {
    it("refuses clearing business once the cluster is no longer active", async function () {
      const w = await loadFixture(triangleClosed);
      const { clearing, signers } = w;
      await dissolveByVote(w, w.clusterId);
      const calls = [
        () => clearing.connect(signers.bob).createObligation(signers.alice.address, 1n, 0n, ZERO),
        () => clearing.connect(signers.alice).confirmObligation(1n),
        () => clearing.connect(signers.bob).cancelObligation(1n),
        () => clearing.importAgreementObligation(1n),
        () => clearing.closeCycle(),
        () => clearing.propose(1n, []),
        () => clearing.beginProposal(1n),
        () => clearing.addChunk(1n, []),
        () => clearing.finalizeProposal(1n),
        () => clearing.applySetOff(1n, []),
        () => clearing.fund(1n),
      ];
      for (const call of calls) {
        await expect(call()).to.be.revertedWithCustomError(clearing, "ClusterNotActive").withArgs(w.clusterId, Status.Dissolving);
      }
    });

    it("refuses clearing business when corporate clearing is disabled for the cluster", async function () {
      const w = await loadFixture(triangleClosed);
      const { clearing, signers } = w;
      await passByVote(w, (governor) => governor.proposeService(w.services.clearing, false, "Stop corporate clearing"));
      expect(await w.registry.isServiceEnabled(w.clusterId, w.services.clearing)).to.equal(false);
      const calls = [
        () => clearing.connect(signers.bob).createObligation(signers.alice.address, 1n, 0n, ZERO),
        () => clearing.connect(signers.alice).confirmObligation(1n),
        () => clearing.importAgreementObligation(1n),
        () => clearing.propose(1n, OPTIMUM(w.ids)),
        () => clearing.applySetOff(1n, []),
        () => clearing.fund(1n),
      ];
      for (const call of calls) {
        await expect(call()).to.be.revertedWithCustomError(clearing, "ServiceDisabled").withArgs(w.clusterId, w.services.clearing);
      }
    });

    it("still pays out creditors and refunds funders once the cluster is dissolving", async function () {
      const w = await loadFixture(triangleFunding);
      const { clearing, signers } = w;
      await clearing.connect(signers.alice).fund(1n);
      await clearing.connect(signers.dave).fund(1n);
      await dissolveByVote(w, w.clusterId);
      await expect(clearing.connect(signers.bob).withdraw(1n)).to.emit(clearing, "Withdrawn");
      await tokenBalanceMatchesLiabilities(w);
    });

    it("still lets a default be declared and funders reclaim once the cluster is dissolving", async function () {
      const w = await loadFixture(triangleFunding);
      const { clearing, signers } = w;
      await clearing.connect(signers.alice).fund(1n);
      await dissolveByVote(w, w.clusterId);
      await expect(defaultInFull(clearing, 1n)).to.emit(clearing, "CycleDefaulted");
      await expect(clearing.connect(signers.alice).reclaim(1n)).to.emit(clearing, "Refunded");
      await tokenBalanceMatchesLiabilities(w);
      expect(await w.token.balanceOf(signers.alice.address)).to.equal(STARTING_BALANCE);
    });
  });

  describe("cycles", function () {
    it("refuses to close the open cycle before its cutoff", async function () {
      const w = await loadFixture(clearingClusterCreated);
      await triangle(w);
      const { cutoff } = await w.clearing.cycleInfo(1n);
      await expect(w.clearing.closeCycle()).to.be.revertedWithCustomError(w.clearing, "NothingToClose").withArgs(1n, cutoff);
    });

    it("closes the cycle at its cutoff with its obligations and liquidity, and opens the next", async function () {
      const w = await loadFixture(clearingClusterCreated);
      await triangle(w);
      const { cutoff } = await w.clearing.cycleInfo(1n);
      await time.increaseTo(cutoff);
      const tx = w.clearing.closeCycle();
      await expect(tx)
        .to.emit(w.clearing, "CycleClosed")
        .withArgs(1n, 1n, 4n, 50n, await w.token.getAddress());
      await expect(tx)
        .to.emit(w.clearing, "CycleOpened")
        .withArgs(2n, cutoff + CYCLE);
      expect(await w.clearing.openCycle()).to.equal(2n);
      expect((await w.clearing.cycleInfo(1n)).phase).to.equal(CyclePhase.Proposing);
    });

    it("puts an obligation confirmed after the cutoff into the next cycle, closing the previous one", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const { alice, bob } = w.signers;
      await triangle(w);
      await time.increaseTo((await w.clearing.cycleInfo(1n)).cutoff);
      await w.clearing.connect(bob).createObligation(alice.address, 5n, 0n, ZERO);
      const tx = w.clearing.connect(alice).confirmObligation(5n);
      await expect(tx)
        .to.emit(w.clearing, "CycleClosed")
        .withArgs(1n, 1n, 4n, 50n, await w.token.getAddress());
      await expect(tx).to.emit(w.clearing, "ObligationConfirmed").withArgs(5n, 2n);
      expect(await w.clearing.positionOf(1n, alice.address)).to.equal(-20n);
      expect(await w.clearing.positionOf(2n, alice.address)).to.equal(-5n);
    });

    it("postpones the cutoff of a cycle with nothing to clear by whole cycle lengths", async function () {
      const w = await loadFixture(clearingClusterCreated);
      const { cutoff } = await w.clearing.cycleInfo(1n);
      await time.increaseTo(cutoff + CYCLE + 5n);
      await expect(w.clearing.closeCycle())
        .to.emit(w.clearing, "CutoffPostponed")
        .withArgs(1n, cutoff + 2n * CYCLE);
      expect(await w.clearing.openCycle()).to.equal(1n);
    });

    it("keeps the next cycle open past its cutoff while the previous one is still being cleared", async function () {
      const w = await loadFixture(triangleClosed);
      const { alice, bob } = w.signers;
      await owes(w, alice, bob, 5n);
      const { cutoff } = await w.clearing.cycleInfo(2n);
      await time.increaseTo(cutoff);
      await expect(w.clearing.closeCycle())
        .to.emit(w.clearing, "CutoffPostponed")
        .withArgs(2n, cutoff + CYCLE);
      expect((await w.clearing.cycleInfo(2n)).phase).to.equal(CyclePhase.Open);
    });

    it("refuses views of a cycle not opened yet", async function () {
      const { clearing } = await loadFixture(clearingClusterCreated);
      for (const n of [0n, 2n]) {
        await expect(clearing.cycleInfo(n)).to.be.revertedWithCustomError(clearing, "UnknownCycle").withArgs(n);
      }
    });
  });
});
