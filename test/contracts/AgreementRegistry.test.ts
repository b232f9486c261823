import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { AgreementRegistry__factory, type AgreementRegistry, type IAgreementRegistry } from "../../types/typechain/index.js";
import { deployBareClone } from "../../deploy/clone.js";
import { FlowKind, Status } from "./encodings.js";
import { completeAfterWindDown, dissolveByVote } from "./dissolution.js";
import { demoSpec } from "./fixtures.js";
import {
  AGREEMENTS,
  AGREEMENT_APPROVAL_TYPES,
  AGREEMENT_TERMINATION_TYPES,
  AgreementKind,
  AgreementStatus,
  MilestoneStatus,
  componentsRegistered,
  documentsClusterCreated,
  signingDomain,
  serviceSetByVote,
} from "./fixturesDocuments.js";
import { platformDeployed } from "./fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const DAY = 86_400n;
const ether = (n: number) => ethers.parseEther(String(n));
const digest = (label: string) => ethers.sha256(ethers.toUtf8Bytes(label));

type Terms = IAgreementRegistry.TermsStruct;
type Milestone = IAgreementRegistry.MilestoneStruct;

function termsWith(label: string, milestones: Milestone[], totalValue = ether(300)): Terms {
  return { termsCid: digest(`cid:${label}`), termsHash: digest(`plain:${label}`), totalValue, milestones };
}

/** The positional tuple the ABI gives a Milestone[] in an event. */
function milestoneTuples(ms: Milestone[]) {
  return ms.map((m) => [m.deliverer, m.payer, BigInt(m.amount), BigInt(m.dueDate)]);
}

async function approvalBy(party: HardhatEthersSigner, agreements: AgreementRegistry, agreementId: bigint, version: number, terms: Terms) {
  return party.signTypedData(await signingDomain(agreements), AGREEMENT_APPROVAL_TYPES, { agreementId, version, terms });
}

async function terminationBy(party: HardhatEthersSigner, agreements: AgreementRegistry, agreementId: bigint) {
  return party.signTypedData(await signingDomain(agreements), AGREEMENT_TERMINATION_TYPES, { agreementId });
}

/** A supply draft (id 1) between Alice (buyer, pays) and Bob (supplier, delivers twice). */
async function draftCreated(connection: NetworkConnection) {
  const world = await documentsClusterCreated(connection);
  const { alice, bob } = world.signers;
  const now = BigInt((await connection.ethers.provider.getBlock("latest"))!.timestamp);
  const terms = termsWith("supply v1", [
    { deliverer: bob.address, payer: alice.address, amount: ether(100), dueDate: now + 30n * DAY },
    { deliverer: bob.address, payer: alice.address, amount: ether(200), dueDate: now + 60n * DAY },
  ]);
  await world.agreements.connect(alice).create(AgreementKind.Supply, [alice.address, bob.address], terms);
  return { ...world, agreementId: 1n, terms, now };
}

/** The draft signed by both parties: Active, milestones 0 and 1 pending. */
async function agreementActive(connection: NetworkConnection) {
  const world = await draftCreated(connection);
  await world.agreements.connect(world.signers.alice).sign(world.agreementId, 1);
  await world.agreements.connect(world.signers.bob).sign(world.agreementId, 1);
  return world;
}

/** An active agreement whose first milestone is accepted (obligation 1) and second delivered. */
async function midwayThrough(connection: NetworkConnection) {
  const world = await agreementActive(connection);
  const { agreements, agreementId, signers } = world;
  await agreements.connect(signers.bob).markDelivered(agreementId, 0);
  await agreements.connect(signers.alice).acceptMilestone(agreementId, 0);
  await agreements.connect(signers.bob).markDelivered(agreementId, 1);
  return world;
}

/** A services agreement (id 1) of Alice, Bob and Carol in force: Bob delivers to Alice (milestone 0), Carol too (milestone 1). */
async function threePartiesActive(connection: NetworkConnection) {
  const world = await documentsClusterCreated(connection);
  const { alice, bob, carol } = world.signers;
  const now = BigInt((await connection.ethers.provider.getBlock("latest"))!.timestamp);
  const milestones = [
    { deliverer: bob.address, payer: alice.address, amount: ether(50), dueDate: now + 30n * DAY },
    { deliverer: carol.address, payer: alice.address, amount: ether(20), dueDate: now + 30n * DAY },
  ];
  await world.agreements.connect(alice).create(AgreementKind.Services, [alice.address, bob.address, carol.address], termsWith("three", milestones));
  for (const party of [alice, bob, carol]) await world.agreements.connect(party).sign(1n, 1);
  return world;
}

/** Components registered, but the catalog has no "smart-contracts" service: a cluster of the plain demo spec. */
async function clusterWithoutAgreementService(connection: NetworkConnection) {
  const p = await platformDeployed(connection);
  const { cdc } = p.signers;
  const impl = await new AgreementRegistry__factory(cdc).deploy(await p.registry.getAddress());
  await p.factory.setImplementation(AGREEMENTS, await impl.getAddress());
  await p.factory.createCluster(demoSpec(p));
  const clusterId = await p.registry.clusterCount();
  const agreements = AgreementRegistry__factory.connect(await p.registry.componentOf(clusterId, AGREEMENTS), p.signers.alice);
  return { ...p, clusterId, agreements };
}

describe("AgreementRegistry", function () {
  describe("initialisation", function () {
    it("is cloned for every new cluster and gated by the smart-contracts service", async function () {
      const { agreements, registry, clusterId, membership, services } = await loadFixture(documentsClusterCreated);
      expect(await agreements.registry()).to.equal(await registry.getAddress());
      expect(await agreements.clusterId()).to.equal(clusterId);
      expect(await agreements.membership()).to.equal(await membership.getAddress());
      expect(await agreements.serviceId()).to.equal(services.agreements);
      expect((await agreements.eip712Domain()).name).to.equal("Cluster Agreements");
    });

    it("cannot be initialised a second time, nor can the implementation be initialised", async function () {
      const { agreements, agreementsImpl, registry, clusterId } = await loadFixture(documentsClusterCreated);
      for (const c of [agreements, agreementsImpl]) {
        await expect(c.initialize(await registry.getAddress(), clusterId)).to.be.revertedWithCustomError(c, "InvalidInitialization");
      }
    });

    it("refuses a zero registry", async function () {
      const { agreementsImpl, signers } = await loadFixture(componentsRegistered);
      const clone = AgreementRegistry__factory.connect((await deployBareClone(signers.stranger, await agreementsImpl.getAddress())).address, signers.stranger);
      await expect(clone.initialize(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(clone, "ZeroRegistry");
    });

    it("refuses every write while the catalog has no smart-contracts service, and finds one registered later", async function () {
      const world = await loadFixture(clusterWithoutAgreementService);
      const { agreements, catalog, clusterId, signers } = world;
      const { alice, bob } = signers;
      const terms = termsWith("x", [{ deliverer: bob.address, payer: alice.address, amount: 1n, dueDate: 1n }]);
      expect(await agreements.serviceId()).to.equal(0n);
      await expect(agreements.create(AgreementKind.Other, [alice.address, bob.address], terms))
        .to.be.revertedWithCustomError(agreements, "ServiceDisabled")
        .withArgs(clusterId, 0n);

      await catalog.registerService("smart-contracts", 2n, "1.0.0", "bafy-agreements-1");
      const id = await catalog.serviceIdByName("smart-contracts");
      expect(await agreements.serviceId()).to.equal(id);
      await expect(agreements.create(AgreementKind.Other, [alice.address, bob.address], terms))
        .to.be.revertedWithCustomError(agreements, "ServiceDisabled")
        .withArgs(clusterId, id);
      await serviceSetByVote(world, clusterId, id, true);
      await expect(agreements.create(AgreementKind.Other, [alice.address, bob.address], terms)).to.emit(agreements, "AgreementCreated");
    });
  });

  describe("creating", function () {
    it("creates a draft between members and announces its parties and first version", async function () {
      const { agreements, signers, now } = await loadFixture(draftCreated);
      const { alice, bob, carol } = signers;
      const terms = termsWith("rnd", [
        { deliverer: carol.address, payer: alice.address, amount: ether(50), dueDate: now + DAY },
        { deliverer: bob.address, payer: carol.address, amount: ether(25), dueDate: now + 2n * DAY },
      ]);
      const termsDigest = ethers.TypedDataEncoder.hashStruct("Terms", AGREEMENT_APPROVAL_TYPES, terms);
      const tx = agreements.connect(carol).create(AgreementKind.RnD, [alice.address, bob.address, carol.address], terms);
      await expect(tx).to.emit(agreements, "AgreementCreated").withArgs(2n, carol.address, AgreementKind.RnD, [alice.address, bob.address, carol.address]);
      await expect(tx).to.emit(agreements, "AgreementStatusChanged").withArgs(2n, AgreementStatus.None, AgreementStatus.Draft);
      await expect(tx)
        .to.emit(agreements, "VersionProposed")
        .withArgs(2n, 1n, carol.address, terms.termsCid, terms.termsHash, terms.totalValue, milestoneTuples(terms.milestones), 0n, termsDigest);

      const a = await agreements.agreement(2n);
      expect([a.kind, a.status, a.version, a.proposedVersion, a.termsDigest, a.proposedTermsDigest]).to.deep.equal([
        AgreementKind.RnD,
        AgreementStatus.Draft,
        0n,
        1n,
        ethers.ZeroHash,
        termsDigest,
      ]);
      expect(a.parties).to.deep.equal([alice.address, bob.address, carol.address]);
      expect([a.milestoneCount, a.openMilestones]).to.deep.equal([2n, 0n]);
      const m = await agreements.milestone(2n, 1n);
      expect([m.deliverer, m.payer, m.amount, m.dueDate, m.version, m.status]).to.deep.equal([
        bob.address,
        carol.address,
        ether(25),
        now + 2n * DAY,
        1n,
        MilestoneStatus.Proposed,
      ]);
      expect(await agreements.agreementCount()).to.equal(2n);
    });

    it("refuses fewer than two or more than 32 parties", async function () {
      const { agreements, signers, terms } = await loadFixture(draftCreated);
      await expect(agreements.create(AgreementKind.Supply, [signers.alice.address], terms))
        .to.be.revertedWithCustomError(agreements, "InvalidPartyCount")
        .withArgs(1n);
      const many = Array.from({ length: 33 }, (_, i) => ethers.getAddress(ethers.zeroPadValue(ethers.toBeHex(i + 1), 20)));
      await expect(agreements.create(AgreementKind.Supply, many, terms))
        .to.be.revertedWithCustomError(agreements, "InvalidPartyCount")
        .withArgs(33n);
    });

    it("refuses a party that is not a member", async function () {
      const { agreements, signers, terms } = await loadFixture(draftCreated);
      await expect(agreements.create(AgreementKind.Supply, [signers.alice.address, signers.bob.address, signers.stranger.address], terms))
        .to.be.revertedWithCustomError(agreements, "NotMember")
        .withArgs(signers.stranger.address);
    });

    it("refuses a party listed twice", async function () {
      const { agreements, signers, terms } = await loadFixture(draftCreated);
      await expect(agreements.create(AgreementKind.Supply, [signers.alice.address, signers.bob.address, signers.bob.address], terms))
        .to.be.revertedWithCustomError(agreements, "DuplicateParty")
        .withArgs(signers.bob.address);
    });

    it("refuses a creator who is not among the parties, member or not", async function () {
      const { agreements, signers, terms } = await loadFixture(draftCreated);
      for (const who of [signers.carol, signers.stranger]) {
        await expect(agreements.connect(who).create(AgreementKind.Supply, [signers.alice.address, signers.bob.address], terms))
          .to.be.revertedWithCustomError(agreements, "NotParty")
          .withArgs(2n, who.address);
      }
    });

    it("refuses terms without milestones or without the terms document's CID or hash", async function () {
      const { agreements, signers, terms } = await loadFixture(draftCreated);
      const parties = [signers.alice.address, signers.bob.address];
      await expect(agreements.create(AgreementKind.Supply, parties, { ...terms, milestones: [] })).to.be.revertedWithCustomError(agreements, "NoMilestones");
      await expect(agreements.create(AgreementKind.Supply, parties, { ...terms, termsCid: ethers.ZeroHash }))
        .to.be.revertedWithCustomError(agreements, "EmptyField")
        .withArgs("termsCid");
      await expect(agreements.create(AgreementKind.Supply, parties, { ...terms, termsHash: ethers.ZeroHash }))
        .to.be.revertedWithCustomError(agreements, "EmptyField")
        .withArgs("termsHash");
    });

    it("refuses a milestone involving a non-party, from a party to itself, or of a zero or oversized amount", async function () {
      const { agreements, signers, terms } = await loadFixture(draftCreated);
      const { alice, bob, carol } = signers;
      const parties = [alice.address, bob.address];
      const good = terms.milestones[0];
      const withSecond = (m: Partial<Milestone>) => ({ ...terms, milestones: [good, { ...good, ...m }] });
      await expect(agreements.create(AgreementKind.Supply, parties, withSecond({ payer: carol.address })))
        .to.be.revertedWithCustomError(agreements, "MilestonePartyUnknown")
        .withArgs(1n, carol.address);
      await expect(agreements.create(AgreementKind.Supply, parties, withSecond({ deliverer: alice.address })))
        .to.be.revertedWithCustomError(agreements, "SelfMilestone")
        .withArgs(1n, alice.address);
      await expect(agreements.create(AgreementKind.Supply, parties, withSecond({ amount: 0n })))
        .to.be.revertedWithCustomError(agreements, "InvalidAmount")
        .withArgs(1n, 0n);
      await expect(agreements.create(AgreementKind.Supply, parties, withSecond({ amount: 2n ** 128n })))
        .to.be.revertedWithCustomError(agreements, "InvalidAmount")
        .withArgs(1n, 2n ** 128n);
    });

    it("keeps the milestone budget for versions in force: no party can use it up alone by proposing amendments", async function () {
      const { agreements, agreementId, signers, now } = await loadFixture(agreementActive);
      const { alice, bob } = signers;
      const m = { deliverer: bob.address, payer: alice.address, amount: ether(1), dueDate: now + DAY };
      // Two milestones are in force: 126 are left, and Alice takes all of them, again and again.
      for (let round = 0; round < 3; round++) {
        await agreements.connect(alice).proposeAmendment(
          agreementId,
          termsWith(
            `greedy ${round}`,
            Array.from({ length: 126 }, () => m),
          ),
        );
      }
      expect((await agreements.agreement(agreementId)).milestoneCount).to.equal(128n);
      // Bob can still replace her proposal, at the budget exactly and not one milestone beyond it.
      await expect(
        agreements.connect(bob).proposeAmendment(
          agreementId,
          termsWith(
            "too many",
            Array.from({ length: 127 }, () => m),
          ),
        ),
      )
        .to.be.revertedWithCustomError(agreements, "TooManyMilestones")
        .withArgs(129n, 128n);
      await expect(agreements.connect(bob).proposeAmendment(agreementId, termsWith("fair", [m]))).to.emit(agreements, "VersionProposed");
      expect((await agreements.agreement(agreementId)).milestoneCount).to.equal(3n);
      await agreements.connect(alice).sign(agreementId, 5);
      await agreements.connect(bob).sign(agreementId, 5);
      const after = await agreements.agreement(agreementId);
      expect([after.version, after.milestoneCount, after.openMilestones]).to.deep.equal([5n, 3n, 1n]);
      expect((await agreements.milestone(agreementId, 2n)).amount).to.equal(ether(1));
      await expect(agreements.milestone(agreementId, 3n)).to.be.revertedWithCustomError(agreements, "UnknownMilestone").withArgs(agreementId, 3n);
    });

    it("refuses more than 128 milestones", async function () {
      const { agreements, signers, terms } = await loadFixture(draftCreated);
      const many = { ...terms, milestones: Array.from({ length: 129 }, () => terms.milestones[0]) };
      await expect(agreements.create(AgreementKind.Supply, [signers.alice.address, signers.bob.address], many))
        .to.be.revertedWithCustomError(agreements, "TooManyMilestones")
        .withArgs(129n, 128n);
    });
  });

  describe("signing", function () {
    it("activates the agreement when the last party signs and links the parties by the kind's flow", async function () {
      const { agreements, agreementId, signers, terms } = await loadFixture(draftCreated);
      const { alice, bob } = signers;
      const first = agreements.connect(alice).sign(agreementId, 1);
      await expect(first).to.emit(agreements, "AgreementSigned").withArgs(agreementId, 1n, alice.address);
      await expect(first).not.to.emit(agreements, "VersionApproved");
      expect(await agreements.votesOf(agreementId, alice.address)).to.deep.equal([true, false, false]);

      const last = agreements.connect(bob).sign(agreementId, 1);
      await expect(last).to.emit(agreements, "AgreementSigned").withArgs(agreementId, 1n, bob.address);
      await expect(last).to.emit(agreements, "VersionApproved").withArgs(agreementId, 1n);
      await expect(last).to.emit(agreements, "AgreementStatusChanged").withArgs(agreementId, AgreementStatus.Draft, AgreementStatus.Active);
      await expect(last).to.emit(agreements, "AgreementActivated").withArgs(agreementId, FlowKind.Material, [alice.address, bob.address]);

      const a = await agreements.agreement(agreementId);
      const termsDigest = ethers.TypedDataEncoder.hashStruct("Terms", AGREEMENT_APPROVAL_TYPES, terms);
      expect([a.status, a.version, a.proposedVersion, a.termsDigest, a.proposedTermsDigest, a.openMilestones]).to.deep.equal([
        AgreementStatus.Active,
        1n,
        0n,
        termsDigest,
        ethers.ZeroHash,
        2n,
      ]);
      expect((await agreements.milestone(agreementId, 0)).status).to.equal(MilestoneStatus.Pending);
      expect(await agreements.votesOf(agreementId, alice.address)).to.deep.equal([false, false, false]);
    });

    it("maps every agreement kind to the flow kind of its network link", async function () {
      const { agreements } = await loadFixture(documentsClusterCreated);
      expect(await agreements.flowKindOf(AgreementKind.Supply)).to.equal(FlowKind.Material);
      expect(await agreements.flowKindOf(AgreementKind.RnD)).to.equal(FlowKind.Intellectual);
      expect(await agreements.flowKindOf(AgreementKind.Licence)).to.equal(FlowKind.Intellectual);
      expect(await agreements.flowKindOf(AgreementKind.Services)).to.equal(FlowKind.Service);
      expect(await agreements.flowKindOf(AgreementKind.Other)).to.equal(FlowKind.Service);
    });

    it("records a party's EIP-712 approval submitted by anyone", async function () {
      const { agreements, agreementId, signers, terms } = await loadFixture(draftCreated);
      await agreements.connect(signers.alice).sign(agreementId, 1);
      const signature = await approvalBy(signers.bob, agreements, agreementId, 1, terms);
      const tx = agreements.connect(signers.stranger).signBySig(agreementId, 1, signers.bob.address, signature);
      await expect(tx).to.emit(agreements, "AgreementSigned").withArgs(agreementId, 1n, signers.bob.address);
      await expect(tx).to.emit(agreements, "AgreementStatusChanged").withArgs(agreementId, AgreementStatus.Draft, AgreementStatus.Active);
    });

    it("refuses a replayed approval", async function () {
      const { agreements, agreementId, signers, terms } = await loadFixture(draftCreated);
      const signature = await approvalBy(signers.bob, agreements, agreementId, 1, terms);
      await agreements.signBySig(agreementId, 1, signers.bob.address, signature);
      await expect(agreements.connect(signers.carol).signBySig(agreementId, 1, signers.bob.address, signature))
        .to.be.revertedWithCustomError(agreements, "AlreadySigned")
        .withArgs(agreementId, 1n, signers.bob.address);
    });

    it("refuses an approval signed by someone other than the party it names", async function () {
      const { agreements, agreementId, signers, terms } = await loadFixture(draftCreated);
      const byAlice = await approvalBy(signers.alice, agreements, agreementId, 1, terms);
      await expect(agreements.signBySig(agreementId, 1, signers.bob.address, byAlice))
        .to.be.revertedWithCustomError(agreements, "InvalidSignature")
        .withArgs(agreementId, signers.bob.address);
    });

    it("refuses an approval of other terms than those proposed", async function () {
      const { agreements, agreementId, signers, terms } = await loadFixture(draftCreated);
      const richer = { ...terms, totalValue: ether(1_000_000) };
      const signature = await approvalBy(signers.bob, agreements, agreementId, 1, richer);
      await expect(agreements.signBySig(agreementId, 1, signers.bob.address, signature))
        .to.be.revertedWithCustomError(agreements, "InvalidSignature")
        .withArgs(agreementId, signers.bob.address);
    });

    it("refuses a party signing twice", async function () {
      const { agreements, agreementId, signers } = await loadFixture(draftCreated);
      await agreements.connect(signers.alice).sign(agreementId, 1);
      await expect(agreements.connect(signers.alice).sign(agreementId, 1))
        .to.be.revertedWithCustomError(agreements, "AlreadySigned")
        .withArgs(agreementId, 1n, signers.alice.address);
    });

    it("refuses a signature by a member who is not a party, and by a non-member", async function () {
      const { agreements, agreementId, signers } = await loadFixture(draftCreated);
      for (const who of [signers.carol, signers.stranger]) {
        await expect(agreements.connect(who).sign(agreementId, 1)).to.be.revertedWithCustomError(agreements, "NotParty").withArgs(agreementId, who.address);
      }
    });

    it("refuses a version that is not the one collecting signatures", async function () {
      const { agreements, agreementId, signers } = await loadFixture(draftCreated);
      await expect(agreements.connect(signers.alice).sign(agreementId, 2))
        .to.be.revertedWithCustomError(agreements, "VersionMismatch")
        .withArgs(agreementId, 1n, 2n);
    });

    it("refuses to sign an active agreement with no amendment proposed, or an unknown one", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      await expect(agreements.connect(signers.alice).sign(agreementId, 1)).to.be.revertedWithCustomError(agreements, "NothingToSign").withArgs(agreementId);
      await expect(agreements.sign(99n, 1)).to.be.revertedWithCustomError(agreements, "UnknownAgreement").withArgs(99n);
      await expect(agreements.agreement(99n)).to.be.revertedWithCustomError(agreements, "UnknownAgreement").withArgs(99n);
    });

    it("refuses to sign a terminated draft", async function () {
      const { agreements, agreementId, signers } = await loadFixture(draftCreated);
      await agreements.connect(signers.alice).terminate(agreementId);
      await agreements.connect(signers.bob).terminate(agreementId);
      await expect(agreements.connect(signers.alice).sign(agreementId, 1))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Terminated);
    });
  });

  describe("milestones and payment obligations", function () {
    it("turns a delivered and accepted milestone into a payment obligation from payer to deliverer", async function () {
      const { agreements, agreementId, signers, now } = await loadFixture(agreementActive);
      const { alice, bob } = signers;
      await expect(agreements.connect(bob).markDelivered(agreementId, 0)).to.emit(agreements, "MilestoneDelivered").withArgs(agreementId, 0n, bob.address);
      expect((await agreements.milestone(agreementId, 0)).status).to.equal(MilestoneStatus.Delivered);

      const tx = agreements.connect(alice).acceptMilestone(agreementId, 0);
      await expect(tx).to.emit(agreements, "MilestoneAccepted").withArgs(agreementId, 0n, alice.address, 1n);
      await expect(tx)
        .to.emit(agreements, "PaymentObligationCreated")
        .withArgs(1n, agreementId, alice.address, bob.address, ether(100), now + 30n * DAY);
      await expect(tx).not.to.emit(agreements, "AgreementStatusChanged");
      expect(await agreements.obligationCount()).to.equal(1n);
      const o = await agreements.paymentObligation(1n);
      expect([o.agreementId, o.milestoneIndex, o.payer, o.payee, o.amount, o.dueDate]).to.deep.equal([
        agreementId,
        0n,
        alice.address,
        bob.address,
        ether(100),
        now + 30n * DAY,
      ]);
      expect((await agreements.milestone(agreementId, 0)).status).to.equal(MilestoneStatus.Accepted);
      expect((await agreements.agreement(agreementId)).openMilestones).to.equal(1n);
    });

    it("completes the agreement when its last milestone is accepted", async function () {
      const { agreements, agreementId, signers } = await loadFixture(midwayThrough);
      await expect(agreements.connect(signers.alice).acceptMilestone(agreementId, 1))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(agreementId, AgreementStatus.Active, AgreementStatus.Completed);
      expect(await agreements.obligationCount()).to.equal(2n);
      expect((await agreements.agreement(agreementId)).status).to.equal(AgreementStatus.Completed);
    });

    it("refuses delivery by anyone but the deliverer and acceptance by anyone but the payer", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      await expect(agreements.connect(signers.alice).markDelivered(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "NotDeliverer")
        .withArgs(agreementId, 0n, signers.alice.address);
      await agreements.connect(signers.bob).markDelivered(agreementId, 0);
      await expect(agreements.connect(signers.bob).acceptMilestone(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "NotPayer")
        .withArgs(agreementId, 0n, signers.bob.address);
    });

    it("refuses accepting an undelivered milestone, delivering twice and touching an unknown milestone", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      await expect(agreements.connect(signers.alice).acceptMilestone(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "InvalidMilestoneStatus")
        .withArgs(agreementId, 0n, MilestoneStatus.Pending);
      await agreements.connect(signers.bob).markDelivered(agreementId, 0);
      await expect(agreements.connect(signers.bob).markDelivered(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "InvalidMilestoneStatus")
        .withArgs(agreementId, 0n, MilestoneStatus.Delivered);
      await expect(agreements.connect(signers.bob).markDelivered(agreementId, 5))
        .to.be.revertedWithCustomError(agreements, "UnknownMilestone")
        .withArgs(agreementId, 5n);
      await expect(agreements.milestone(agreementId, 5)).to.be.revertedWithCustomError(agreements, "UnknownMilestone").withArgs(agreementId, 5n);
    });

    it("refuses milestone work before the agreement is active", async function () {
      const { agreements, agreementId, signers } = await loadFixture(draftCreated);
      await expect(agreements.connect(signers.bob).markDelivered(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Draft);
      await expect(agreements.connect(signers.alice).acceptMilestone(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Draft);
    });

    it("refuses to read an obligation that does not exist", async function () {
      const { agreements } = await loadFixture(midwayThrough);
      await expect(agreements.paymentObligation(0n)).to.be.revertedWithCustomError(agreements, "UnknownObligation").withArgs(0n);
      await expect(agreements.paymentObligation(2n)).to.be.revertedWithCustomError(agreements, "UnknownObligation").withArgs(2n);
    });
  });

  describe("amendments", function () {
    it("puts an amendment in force once every party signed it, superseding the milestones not yet accepted", async function () {
      const { agreements, agreementId, signers, now } = await loadFixture(midwayThrough);
      const { alice, bob } = signers;
      const amended = termsWith("supply v2", [{ deliverer: bob.address, payer: alice.address, amount: ether(150), dueDate: now + 90n * DAY }]);
      const digestV2 = ethers.TypedDataEncoder.hashStruct("Terms", AGREEMENT_APPROVAL_TYPES, amended);
      await expect(agreements.connect(bob).proposeAmendment(agreementId, amended))
        .to.emit(agreements, "VersionProposed")
        .withArgs(agreementId, 2n, bob.address, amended.termsCid, amended.termsHash, amended.totalValue, milestoneTuples(amended.milestones), 2n, digestV2);
      expect((await agreements.milestone(agreementId, 2)).status).to.equal(MilestoneStatus.Proposed);
      // Until it is in force, the old milestones keep running and the new one cannot be delivered.
      expect((await agreements.milestone(agreementId, 1)).status).to.equal(MilestoneStatus.Delivered);
      await expect(agreements.connect(bob).markDelivered(agreementId, 2))
        .to.be.revertedWithCustomError(agreements, "InvalidMilestoneStatus")
        .withArgs(agreementId, 2n, MilestoneStatus.Proposed);

      await agreements.connect(alice).sign(agreementId, 2);
      const signature = await approvalBy(bob, agreements, agreementId, 2, amended);
      const last = agreements.signBySig(agreementId, 2, bob.address, signature);
      await expect(last).to.emit(agreements, "VersionApproved").withArgs(agreementId, 2n);
      await expect(last).to.emit(agreements, "MilestoneSuperseded").withArgs(agreementId, 1n, 2n);
      await expect(last).not.to.emit(agreements, "AgreementStatusChanged");
      await expect(last).not.to.emit(agreements, "AgreementActivated");

      const statuses = await Promise.all([0, 1, 2].map(async (i) => (await agreements.milestone(agreementId, i)).status));
      expect(statuses).to.deep.equal([MilestoneStatus.Accepted, MilestoneStatus.Superseded, MilestoneStatus.Pending]);
      const a = await agreements.agreement(agreementId);
      expect([a.status, a.version, a.proposedVersion, a.termsDigest, a.milestoneCount, a.openMilestones]).to.deep.equal([
        AgreementStatus.Active,
        2n,
        0n,
        digestV2,
        3n,
        1n,
      ]);
      await expect(agreements.connect(alice).acceptMilestone(agreementId, 1))
        .to.be.revertedWithCustomError(agreements, "InvalidMilestoneStatus")
        .withArgs(agreementId, 1n, MilestoneStatus.Superseded);
      // The accepted milestone's obligation is untouched.
      expect((await agreements.paymentObligation(1n)).amount).to.equal(ether(100));
    });

    it("replaces a proposal still collecting signatures with a newer one", async function () {
      const { agreements, agreementId, signers, now } = await loadFixture(agreementActive);
      const { alice, bob } = signers;
      const m = { deliverer: bob.address, payer: alice.address, amount: ether(10), dueDate: now + DAY };
      const v2 = termsWith("v2", [m]);
      await agreements.connect(alice).proposeAmendment(agreementId, v2);
      await agreements.connect(alice).sign(agreementId, 2);
      const oldApproval = await approvalBy(bob, agreements, agreementId, 2, v2);

      const v3 = termsWith("v3", [m, m]);
      const tx = agreements.connect(bob).proposeAmendment(agreementId, v3);
      // Version 2 was never in force: version 3's milestones take its indices (from 2).
      await expect(tx).not.to.emit(agreements, "MilestoneSuperseded");
      await expect(tx)
        .to.emit(agreements, "VersionProposed")
        .withArgs(agreementId, 3n, bob.address, v3.termsCid, v3.termsHash, v3.totalValue, milestoneTuples(v3.milestones), 2n, anyValue);
      expect((await agreements.agreement(agreementId)).proposedVersion).to.equal(3n);
      expect((await agreements.agreement(agreementId)).milestoneCount).to.equal(4n);
      expect(await agreements.votesOf(agreementId, alice.address)).to.deep.equal([false, false, false]);
      await expect(agreements.signBySig(agreementId, 2, bob.address, oldApproval))
        .to.be.revertedWithCustomError(agreements, "VersionMismatch")
        .withArgs(agreementId, 3n, 2n);
      // An approval of version 2 does not count for version 3.
      await expect(agreements.signBySig(agreementId, 3, bob.address, oldApproval))
        .to.be.revertedWithCustomError(agreements, "InvalidSignature")
        .withArgs(agreementId, bob.address);
    });

    it("completes the agreement when an amendment leaves no milestone open", async function () {
      const { agreements, agreementId, signers } = await loadFixture(midwayThrough);
      await agreements.connect(signers.alice).proposeAmendment(agreementId, termsWith("closing", [], ether(100)));
      await agreements.connect(signers.alice).sign(agreementId, 2);
      const last = agreements.connect(signers.bob).sign(agreementId, 2);
      await expect(last).to.emit(agreements, "MilestoneSuperseded").withArgs(agreementId, 1n, 2n);
      await expect(last).to.emit(agreements, "AgreementStatusChanged").withArgs(agreementId, AgreementStatus.Active, AgreementStatus.Completed);
    });

    it("refuses an amendment by a non-party or of an agreement that is not active", async function () {
      const { agreements, agreementId, signers, terms } = await loadFixture(draftCreated);
      await expect(agreements.connect(signers.alice).proposeAmendment(agreementId, terms))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Draft);
      await agreements.connect(signers.alice).sign(agreementId, 1);
      await agreements.connect(signers.bob).sign(agreementId, 1);
      await expect(agreements.connect(signers.carol).proposeAmendment(agreementId, terms))
        .to.be.revertedWithCustomError(agreements, "NotParty")
        .withArgs(agreementId, signers.carol.address);
    });
  });

  describe("disputes", function () {
    it("freezes an agreement under dispute until every party resolves it", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      const { alice, bob } = signers;
      const reason = digest("late delivery claim");
      const raised = agreements.connect(alice).raiseDispute(agreementId, reason);
      await expect(raised).to.emit(agreements, "DisputeRaised").withArgs(agreementId, alice.address, reason);
      await expect(raised).to.emit(agreements, "AgreementStatusChanged").withArgs(agreementId, AgreementStatus.Active, AgreementStatus.Disputed);
      await expect(agreements.connect(bob).markDelivered(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "MilestoneInDispute")
        .withArgs(agreementId, 0n, alice.address);
      await expect(agreements.connect(alice).proposeAmendment(agreementId, termsWith("in dispute", [])))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Disputed);

      await expect(agreements.connect(bob).resolveDispute(agreementId)).to.emit(agreements, "ResolutionSigned").withArgs(agreementId, bob.address);
      expect((await agreements.agreement(agreementId)).status).to.equal(AgreementStatus.Disputed);
      await expect(agreements.connect(alice).resolveDispute(agreementId))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(agreementId, AgreementStatus.Disputed, AgreementStatus.Active);
      await expect(agreements.connect(bob).markDelivered(agreementId, 0)).to.emit(agreements, "MilestoneDelivered");
    });

    it("counts resolutions afresh for every new dispute", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      const { alice, bob } = signers;
      await agreements.connect(alice).raiseDispute(agreementId, digest("first"));
      await agreements.connect(alice).resolveDispute(agreementId);
      await agreements.connect(bob).resolveDispute(agreementId);
      await agreements.connect(bob).raiseDispute(agreementId, digest("second"));
      expect(await agreements.votesOf(agreementId, alice.address)).to.deep.equal([false, false, false]);
      await agreements.connect(alice).resolveDispute(agreementId);
      expect((await agreements.agreement(agreementId)).status).to.equal(AgreementStatus.Disputed);
    });

    it("refuses a second resolution, a resolution without a dispute, a dispute without a reason and a non-party's dispute", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      const { alice, carol } = signers;
      await expect(agreements.connect(alice).resolveDispute(agreementId))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Active);
      await expect(agreements.connect(alice).raiseDispute(agreementId, ethers.ZeroHash))
        .to.be.revertedWithCustomError(agreements, "EmptyField")
        .withArgs("reasonCid");
      await expect(agreements.connect(carol).raiseDispute(agreementId, digest("meddling")))
        .to.be.revertedWithCustomError(agreements, "NotParty")
        .withArgs(agreementId, carol.address);
      await agreements.connect(alice).raiseDispute(agreementId, digest("claim"));
      await expect(agreements.connect(alice).raiseDispute(agreementId, digest("claim again")))
        .to.be.revertedWithCustomError(agreements, "AlreadyDisputing")
        .withArgs(agreementId, alice.address);
      await agreements.connect(alice).resolveDispute(agreementId);
      await expect(agreements.connect(alice).resolveDispute(agreementId))
        .to.be.revertedWithCustomError(agreements, "ResolutionAlreadySigned")
        .withArgs(agreementId, alice.address);
    });

    it("lets a third party's dispute freeze only its own milestones, never another pair's", async function () {
      const { agreements, signers } = await loadFixture(threePartiesActive);
      const { alice, bob, carol } = signers;

      await expect(agreements.connect(carol).raiseDispute(1n, digest("carol objects")))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(1n, AgreementStatus.Active, AgreementStatus.Disputed);
      // Alice and Bob's milestone goes on; Carol's waits.
      await expect(agreements.connect(bob).markDelivered(1n, 0n)).to.emit(agreements, "MilestoneDelivered");
      await expect(agreements.connect(alice).acceptMilestone(1n, 0n)).to.emit(agreements, "PaymentObligationCreated");
      await expect(agreements.connect(carol).markDelivered(1n, 1n))
        .to.be.revertedWithCustomError(agreements, "MilestoneInDispute")
        .withArgs(1n, 1n, carol.address);

      // Bob joins the dispute with his own reason: resolution votes start afresh.
      await agreements.connect(alice).resolveDispute(1n);
      await expect(agreements.connect(bob).raiseDispute(1n, digest("bob too"))).not.to.emit(agreements, "AgreementStatusChanged");
      expect(await agreements.votesOf(1n, alice.address)).to.deep.equal([false, false, false]);
      for (const party of [alice, bob]) await agreements.connect(party).resolveDispute(1n);
      await expect(agreements.connect(carol).resolveDispute(1n))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(1n, AgreementStatus.Disputed, AgreementStatus.Active);
      await expect(agreements.connect(carol).markDelivered(1n, 1n)).to.emit(agreements, "MilestoneDelivered");
    });

    it("completes a disputed agreement whose last milestone was accepted during the dispute once it is resolved", async function () {
      const { agreements, signers } = await loadFixture(threePartiesActive);
      const { alice, bob, carol } = signers;
      await agreements.connect(carol).markDelivered(1n, 1n);
      await agreements.connect(alice).acceptMilestone(1n, 1n);
      await agreements.connect(carol).raiseDispute(1n, digest("carol objects to the price"));
      await agreements.connect(bob).markDelivered(1n, 0n);
      const last = agreements.connect(alice).acceptMilestone(1n, 0n);
      await expect(last).to.emit(agreements, "PaymentObligationCreated");
      await expect(last).not.to.emit(agreements, "AgreementStatusChanged");
      expect((await agreements.agreement(1n)).openMilestones).to.equal(0n);
      for (const party of [alice, bob]) await agreements.connect(party).resolveDispute(1n);
      const resolved = agreements.connect(carol).resolveDispute(1n);
      await expect(resolved).to.emit(agreements, "AgreementStatusChanged").withArgs(1n, AgreementStatus.Disputed, AgreementStatus.Active);
      await expect(resolved).to.emit(agreements, "AgreementStatusChanged").withArgs(1n, AgreementStatus.Active, AgreementStatus.Completed);
    });

    it("lets every party terminate a disputed agreement", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      await agreements.connect(signers.bob).raiseDispute(agreementId, digest("quality"));
      await agreements.connect(signers.alice).terminate(agreementId);
      await expect(agreements.connect(signers.bob).terminate(agreementId))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(agreementId, AgreementStatus.Disputed, AgreementStatus.Terminated);
    });
  });

  describe("termination", function () {
    it("terminates an active agreement once every party asked for it", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      const first = agreements.connect(signers.alice).terminate(agreementId);
      await expect(first).to.emit(agreements, "TerminationRequested").withArgs(agreementId, signers.alice.address);
      await expect(first).not.to.emit(agreements, "AgreementStatusChanged");
      expect(await agreements.votesOf(agreementId, signers.alice.address)).to.deep.equal([false, true, false]);
      await expect(agreements.connect(signers.bob).terminate(agreementId))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(agreementId, AgreementStatus.Active, AgreementStatus.Terminated);
      await expect(agreements.connect(signers.bob).markDelivered(agreementId, 0))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Terminated);
    });

    it("lets the parties abandon a draft", async function () {
      const { agreements, agreementId, signers } = await loadFixture(draftCreated);
      await agreements.connect(signers.bob).terminate(agreementId);
      await expect(agreements.connect(signers.alice).terminate(agreementId))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(agreementId, AgreementStatus.Draft, AgreementStatus.Terminated);
    });

    it("records a party's EIP-712 termination request submitted by anyone, once", async function () {
      const { agreements, agreementId, signers } = await loadFixture(agreementActive);
      const signature = await terminationBy(signers.bob, agreements, agreementId);
      await expect(agreements.connect(signers.stranger).terminateBySig(agreementId, signers.bob.address, signature))
        .to.emit(agreements, "TerminationRequested")
        .withArgs(agreementId, signers.bob.address);
      await expect(agreements.terminateBySig(agreementId, signers.bob.address, signature))
        .to.be.revertedWithCustomError(agreements, "TerminationAlreadyRequested")
        .withArgs(agreementId, signers.bob.address);
      const byBob = await terminationBy(signers.bob, agreements, agreementId);
      await expect(agreements.terminateBySig(agreementId, signers.alice.address, byBob))
        .to.be.revertedWithCustomError(agreements, "InvalidSignature")
        .withArgs(agreementId, signers.alice.address);
    });

    it("refuses a second request, a non-party's request and ending a completed agreement", async function () {
      const { agreements, agreementId, signers } = await loadFixture(midwayThrough);
      await agreements.connect(signers.alice).terminate(agreementId);
      await expect(agreements.connect(signers.alice).terminate(agreementId))
        .to.be.revertedWithCustomError(agreements, "TerminationAlreadyRequested")
        .withArgs(agreementId, signers.alice.address);
      await expect(agreements.connect(signers.carol).terminate(agreementId))
        .to.be.revertedWithCustomError(agreements, "NotParty")
        .withArgs(agreementId, signers.carol.address);
      await agreements.connect(signers.alice).acceptMilestone(agreementId, 1);
      await expect(agreements.connect(signers.bob).terminate(agreementId))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Completed);
      await expect(agreements.connect(signers.bob).raiseDispute(agreementId, digest("too late")))
        .to.be.revertedWithCustomError(agreements, "InvalidAgreementStatus")
        .withArgs(agreementId, AgreementStatus.Completed);
    });
  });

  describe("the cluster's state and configuration", function () {
    /** The writes that agree to something new: refused unless the cluster is Active. */
    function newCommitments(world: Awaited<ReturnType<typeof draftCreated>>, draftId: bigint) {
      const { agreements, agreementId, signers, terms } = world;
      const { alice, bob } = signers;
      return [
        { name: "create", call: () => agreements.connect(alice).create(AgreementKind.Supply, [alice.address, bob.address], terms) },
        { name: "sign", call: () => agreements.connect(alice).sign(draftId, 1) },
        { name: "proposeAmendment", call: () => agreements.connect(alice).proposeAmendment(agreementId, terms) },
        { name: "markDelivered", call: () => agreements.connect(bob).markDelivered(agreementId, 1) },
        { name: "acceptMilestone", call: () => agreements.connect(alice).acceptMilestone(agreementId, 0) },
      ];
    }

    /** The winding-down writes: allowed while the cluster is Dissolving. */
    function windingDown(world: Awaited<ReturnType<typeof draftCreated>>) {
      const { agreements, agreementId, signers } = world;
      return [
        { name: "raiseDispute", call: () => agreements.connect(signers.alice).raiseDispute(agreementId, digest("claim")) },
        { name: "resolveDispute", call: () => agreements.connect(signers.alice).resolveDispute(agreementId) },
        { name: "terminate", call: () => agreements.connect(signers.alice).terminate(agreementId) },
      ];
    }

    /** Agreement 1 active with milestone 0 delivered, agreement 2 a draft. */
    async function twoAgreements(connection: NetworkConnection) {
      const world = await agreementActive(connection);
      const { agreements, agreementId, signers, terms } = world;
      await agreements.connect(signers.bob).markDelivered(agreementId, 0);
      await agreements.connect(signers.alice).create(AgreementKind.Services, [signers.alice.address, signers.bob.address], terms);
      return world;
    }

    it("refuses new agreements, signatures, amendments, deliveries and obligations while the cluster is dissolving", async function () {
      const world = await loadFixture(twoAgreements);
      const { clusterId, agreements } = world;
      await dissolveByVote(world, clusterId);
      for (const w of newCommitments(world, 2n)) {
        await expect(w.call(), w.name).to.be.revertedWithCustomError(agreements, "ClusterNotActive").withArgs(clusterId, Status.Dissolving);
      }
    });

    it("still lets parties dispute, resolve and terminate while the cluster is dissolving, and nothing once it is dissolved", async function () {
      const world = await loadFixture(twoAgreements);
      const { clusterId, agreements, agreementId, signers } = world;
      await dissolveByVote(world, clusterId);
      for (const w of windingDown(world)) await expect(w.call(), w.name).not.to.revert(ethers);
      const signature = await terminationBy(signers.bob, agreements, agreementId);
      await expect(agreements.terminateBySig(agreementId, signers.bob.address, signature))
        .to.emit(agreements, "AgreementStatusChanged")
        .withArgs(agreementId, AgreementStatus.Disputed, AgreementStatus.Terminated);

      await completeAfterWindDown(world, clusterId);
      for (const w of [...windingDown(world), ...newCommitments(world, 2n)]) {
        await expect(w.call(), w.name).to.be.revertedWithCustomError(agreements, "ClusterNotActive").withArgs(clusterId, Status.Dissolved);
      }
    });

    it("refuses every write while smart contracts are disabled for the cluster", async function () {
      const world = await loadFixture(twoAgreements);
      const { clusterId, agreements, agreementId, signers, services } = world;
      await serviceSetByVote(world, clusterId, services.agreements, false);
      const bySig = [
        {
          name: "signBySig",
          call: async () => agreements.signBySig(2n, 1, signers.bob.address, await approvalBy(signers.bob, agreements, 2n, 1, world.terms)),
        },
        {
          name: "terminateBySig",
          call: async () => agreements.terminateBySig(agreementId, signers.bob.address, await terminationBy(signers.bob, agreements, agreementId)),
        },
      ];
      for (const w of [...newCommitments(world, 2n), ...windingDown(world), ...bySig]) {
        await expect(w.call(), w.name).to.be.revertedWithCustomError(agreements, "ServiceDisabled").withArgs(clusterId, services.agreements);
      }
    });
  });
});
