import { expect } from "chai";
import { network } from "hardhat";
import { Role, Status } from "./encodings.js";
import { dissolveByVote } from "./dissolution.js";
import { defaultParams } from "./fixtures.js";
import {
  ApplicationStatus,
  EXECUTABLE,
  ProposalKind,
  ProposalState,
  Vote,
  cdoDecisionCluster,
  coreVoteCluster,
  executeProposal,
  governedCluster,
  profile,
  proposalIdOf,
  signBallot,
  vetoCluster,
  voteAll,
  type GovernedCluster,
} from "./fixturesGovernance.js";

// The cluster's policies as its governor applies them: the core veto, who votes on an admission
// (CoreVote) or decides it alone (CdoDecision), and a dissolution the CDC opens for an initiative
// group. The demo cluster: alice, bob, carol core; dave, erin participants; quorum 50 %, threshold 66.67 %.

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

async function afterDeadline() {
  await time.increase(Number(defaultParams.votingPeriod) + 1);
}

/** The CDC opens a dissolution vote for an initiative group through the factory. */
function dissolutionInitiative(w: GovernedCluster) {
  return proposalIdOf(w.governor, w.factory.registerDissolutionInitiative(w.clusterId, "The initiative group proposes to dissolve"));
}

/** The cluster's governor as a signer: what a passed proposal does, without waiting out a vote. */
async function asGovernorSigner(w: GovernedCluster) {
  const address = await w.governor.getAddress();
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

/** Frank applies as `role` and alice (core) sponsors it; returns the admission proposal's id. */
async function sponsoredApplication(w: GovernedCluster, role: bigint) {
  await w.governor.connect(w.signers.frank).applyForMembership(profile("Frank Labs"), role);
  return proposalIdOf(w.governor, w.governor.connect(w.signers.alice).sponsorApplication(await w.governor.applicationCount()));
}

describe("Governor policies", function () {
  describe("core veto", function () {
    it("defeats an expulsion that met quorum and threshold once a core member's relayed ballot says Against", async function () {
      const w = await loadFixture(vetoCluster);
      const { alice, bob, carol, dave, erin, stranger } = w.signers;
      const id = await proposalIdOf(w.governor, w.governor.connect(dave).proposeExpulsion(erin.address, "Expel Precision Parts"));
      await voteAll(w.governor, id, [alice, bob, dave, erin], Vote.For);
      const ballot = await signBallot(w.governor, carol, id, Vote.Against);
      await expect(w.governor.connect(stranger).castVoteBySig(id, Vote.Against, carol.address, ballot))
        .to.emit(w.governor, "ProposalVetoed")
        .withArgs(id, carol.address);
      await afterDeadline();
      // 4 For of 5 decisive votes is 80 %, quorum 3 of 5 is met: only the veto defeats it.
      expect(await w.governor.proposalVotes(id)).to.deep.equal([1n, 4n, 0n]);
      expect((await w.governor.proposalRules(id)).vetoed).to.equal(true);
      expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
      await expect(executeProposal(w.governor, id, stranger))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Defeated, EXECUTABLE);
      expect(await w.membership.isMember(erin.address)).to.equal(true);
    });

    it("passes and executes the same expulsion when the cluster's core veto is off", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol, dave, erin, stranger } = w.signers;
      const id = await proposalIdOf(w.governor, w.governor.connect(dave).proposeExpulsion(erin.address, "Expel Precision Parts"));
      await voteAll(w.governor, id, [alice, bob, dave, erin], Vote.For);
      await expect(w.governor.connect(carol).castVote(id, Vote.Against)).to.not.emit(w.governor, "ProposalVetoed");
      await afterDeadline();
      expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
      await executeProposal(w.governor, id, stranger);
      expect(await w.membership.isMember(erin.address)).to.equal(false);
    });

    it("applies the veto setting in force when a proposal was made, not when it is voted", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol, dave, erin } = w.signers;
      const before = await proposalIdOf(w.governor, w.governor.proposeDissolution("Dissolve, veto off"));
      await w.registry.connect(await asGovernorSigner(w)).setSecurityParams(w.clusterId, { ...defaultParams, coreVeto: true });
      const after = await proposalIdOf(w.governor, w.governor.proposeDissolution("Dissolve, veto on"));
      expect((await w.governor.proposalRules(before)).vetoable).to.equal(false);
      expect((await w.governor.proposalRules(after)).vetoable).to.equal(true);
      for (const id of [before, after]) {
        await voteAll(w.governor, id, [alice, bob, dave, erin], Vote.For);
        await voteAll(w.governor, id, [carol], Vote.Against);
      }
      await afterDeadline();
      expect(await w.governor.state(before)).to.equal(ProposalState.Succeeded);
      expect(await w.governor.state(after)).to.equal(ProposalState.Defeated);
    });

    it("judges the veto by the voter's role at the proposal's snapshot, not when the vote is cast", async function () {
      const w = await loadFixture(vetoCluster);
      const { carol, dave, frank } = w.signers;
      const id = await proposalIdOf(w.governor, w.governor.proposeAdmission(frank.address, profile("Frank Labs"), Role.Participant, "Admit Frank Labs"));
      const membership = w.membership.connect(await asGovernorSigner(w));
      await membership.setRole(carol.address, Role.Participant);
      await membership.setRole(dave.address, Role.Core);
      await expect(w.governor.connect(dave).castVote(id, Vote.Against)).to.not.emit(w.governor, "ProposalVetoed");
      await expect(w.governor.connect(carol).castVote(id, Vote.Against)).to.emit(w.governor, "ProposalVetoed").withArgs(id, carol.address);
    });

    it("does not take a core member's abstention for a veto", async function () {
      const w = await loadFixture(vetoCluster);
      const { alice, bob, carol, dave, stranger } = w.signers;
      const id = await proposalIdOf(w.governor, w.governor.proposeDissolution("Dissolve the cluster"));
      await voteAll(w.governor, id, [alice, bob, dave], Vote.For);
      await expect(w.governor.connect(carol).castVote(id, Vote.Abstain)).to.not.emit(w.governor, "ProposalVetoed");
      await afterDeadline();
      await executeProposal(w.governor, id, stranger);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Dissolving);
    });
  });

  describe("CoreVote admission", function () {
    it("admits on the core members' votes alone and refuses a participant's relayed ballot", async function () {
      const w = await loadFixture(coreVoteCluster);
      const { alice, bob, carol, dave, frank, stranger } = w.signers;
      const id = await sponsoredApplication(w, Role.Participant);
      const ballot = await signBallot(w.governor, dave, id, Vote.Against);
      await expect(w.governor.connect(stranger).castVoteBySig(id, Vote.Against, dave.address, ballot))
        .to.be.revertedWithCustomError(w.governor, "NoVotingWeight")
        .withArgs(id, dave.address);
      await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
      await afterDeadline();
      expect(await w.governor.proposalVotes(id)).to.deep.equal([0n, 3n, 0n]);
      await executeProposal(w.governor, id, stranger);
      expect(await w.membership.isMember(frank.address)).to.equal(true);
      expect((await w.governor.application(1n)).status).to.equal(ApplicationStatus.Accepted);
    });

    it("defeats an admission one core member supports: the quorum is two of the three core seats", async function () {
      const w = await loadFixture(coreVoteCluster);
      const { alice } = w.signers;
      const id = await sponsoredApplication(w, Role.Participant);
      await voteAll(w.governor, id, [alice], Vote.For);
      await afterDeadline();
      expect(await w.governor.proposalQuorum(id)).to.equal(2n);
      expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
    });

    it("counts the vote of a core member demoted while the admission is open, and refuses one promoted meanwhile", async function () {
      const w = await loadFixture(coreVoteCluster);
      const { carol, dave } = w.signers;
      const id = await sponsoredApplication(w, Role.Core);
      const membership = w.membership.connect(await asGovernorSigner(w));
      await membership.setRole(carol.address, Role.Participant);
      await membership.setRole(dave.address, Role.Core);
      await expect(w.governor.connect(carol).castVote(id, Vote.For)).to.emit(w.governor, "VoteCast");
      await expect(w.governor.connect(dave).castVote(id, Vote.For)).to.be.revertedWithCustomError(w.governor, "NoVotingWeight").withArgs(id, dave.address);
    });

    it("lets every member vote on proposals other than admissions", async function () {
      const w = await loadFixture(coreVoteCluster);
      const { alice, dave, erin, stranger } = w.signers;
      const id = await proposalIdOf(w.governor, w.governor.proposeService(w.services.crm, true, "Enable the CRM"));
      expect((await w.governor.proposalRules(id)).coreOnly).to.equal(false);
      await voteAll(w.governor, id, [alice, dave, erin], Vote.For);
      await afterDeadline();
      await executeProposal(w.governor, id, stranger);
      expect(await w.registry.isServiceEnabled(w.clusterId, w.services.crm)).to.equal(true);
    });
  });

  describe("CdoDecision admission", function () {
    it("lets the CDO admit an applicant as core without any proposal or vote", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { cdo, frank } = w.signers;
      await expect(w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Core)).to.not.emit(w.governor, "ProposalCreated");
      expect((await w.governor.application(1n)).proposalId).to.equal(0n);
      await w.governor.connect(cdo).decideApplication(1n, true);
      expect(await w.membership.roleOf(frank.address)).to.equal(Role.Core);
      expect(await w.membership.coreCount()).to.equal(4n);
    });

    it("refuses a decision by a core member, by the CDC and by a replaced CDO with NotCdo", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { alice, cdc, cdo, frank, stranger } = w.signers;
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      for (const who of [alice, cdc]) {
        await expect(w.governor.connect(who).decideApplication(1n, true)).to.be.revertedWithCustomError(w.governor, "NotCdo").withArgs(who.address);
      }
      await w.registry.connect(await asGovernorSigner(w)).setCdo(w.clusterId, stranger.address);
      await expect(w.governor.connect(cdo).decideApplication(1n, true)).to.be.revertedWithCustomError(w.governor, "NotCdo").withArgs(cdo.address);
      await expect(w.governor.connect(stranger).decideApplication(1n, false))
        .to.emit(w.governor, "ApplicationDecided")
        .withArgs(1n, frank.address, false, stranger.address);
    });

    it("refuses the CDO accepting a pending application once the members chose a vote policy, but lets it refuse it", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { cdo, frank } = w.signers;
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      await w.registry.connect(await asGovernorSigner(w)).setSecurityParams(w.clusterId, defaultParams); // MembersVote
      await expect(w.governor.connect(cdo).decideApplication(1n, true)).to.be.revertedWithCustomError(w.governor, "AdmissionPolicyForbids").withArgs(0n);
      expect(await w.membership.isMember(frank.address)).to.equal(false);
      await expect(w.governor.connect(cdo).decideApplication(1n, false))
        .to.emit(w.governor, "ApplicationDecided")
        .withArgs(1n, frank.address, false, cdo.address);
    });

    it("refuses an application without a role, and a new one once the applicant is admitted", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { cdo, frank } = w.signers;
      await expect(w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.None))
        .to.be.revertedWithCustomError(w.membership, "InvalidRole")
        .withArgs(Role.None);
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      await w.governor.connect(cdo).decideApplication(1n, true);
      await expect(w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant))
        .to.be.revertedWithCustomError(w.governor, "AlreadyAMember")
        .withArgs(frank.address);
    });

    it("refuses new applications, and admitting a pending one, once the cluster is dissolving", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { cdo, frank, stranger } = w.signers;
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      await dissolveByVote(w, w.clusterId);
      await expect(w.governor.connect(stranger).applyForMembership(profile("Late Labs"), Role.Participant))
        .to.be.revertedWithCustomError(w.governor, "ClusterNotOpen")
        .withArgs(w.clusterId, Status.Dissolving);
      await expect(w.governor.connect(cdo).decideApplication(1n, true))
        .to.be.revertedWithCustomError(w.membership, "ClusterNotWritable")
        .withArgs(w.clusterId, Status.Dissolving);
    });
  });

  describe("dissolution initiative", function () {
    it("is carried to Dissolving by the cluster's members, participants included; the CDC has no vote", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, cdc, dave, erin, stranger } = w.signers;
      const id = await dissolutionInitiative(w);
      const [registered] = await w.factory.queryFilter(w.factory.filters.DissolutionInitiativeRegistered(w.clusterId));
      expect([registered.args.proposalId, registered.args.registeredBy]).to.deep.equal([id, cdc.address]);
      const rules = await w.governor.proposalRules(id);
      expect([rules.kind, rules.quorumBps, rules.approvalThresholdBps, rules.vetoable]).to.deep.equal([ProposalKind.Dissolution, 5_000n, 6_667n, false]);
      await expect(w.governor.connect(cdc).castVote(id, Vote.For)).to.be.revertedWithCustomError(w.governor, "NoVotingWeight").withArgs(id, cdc.address);
      await voteAll(w.governor, id, [alice, dave, erin], Vote.For);
      await afterDeadline();
      await expect(executeProposal(w.governor, id, stranger))
        .to.emit(w.registry, "StatusChanged")
        .withArgs(w.clusterId, Status.Active, Status.Dissolving);
    });

    it("is vetoed by one core member when the cluster's core veto is on", async function () {
      const w = await loadFixture(vetoCluster);
      const { alice, bob, carol, dave, erin, stranger } = w.signers;
      const id = await dissolutionInitiative(w);
      await voteAll(w.governor, id, [alice, bob, dave, erin], Vote.For);
      await expect(w.governor.connect(carol).castVote(id, Vote.Against)).to.emit(w.governor, "ProposalVetoed").withArgs(id, carol.address);
      await afterDeadline();
      await expect(executeProposal(w.governor, id, stranger))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Defeated, EXECUTABLE);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Active);
    });

    it("is defeated when the members leave it unvoted, and the cluster stays active", async function () {
      const w = await loadFixture(governedCluster);
      const id = await dissolutionInitiative(w);
      await afterDeadline();
      expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Active);
      // The same text would be the same proposal id: a new initiative needs its own description.
      await expect(w.factory.registerDissolutionInitiative(w.clusterId, "The initiative group proposes to dissolve"))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Defeated, ethers.ZeroHash);
      await expect(w.factory.registerDissolutionInitiative(w.clusterId, "A second attempt")).to.emit(w.factory, "DissolutionInitiativeRegistered");
    });
  });
});
