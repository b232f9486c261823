// Issue 9, finding 2: the CDC (the platform's operator) and a cluster's CDO try to take a cluster
// over against its members. Before the fix, every step below succeeded and the cluster was
// dissolved although all 5 real members voted against: the CDC made itself CDO, shortened the
// voting period to an hour, seated 11 accounts of its own, one proposed dissolution and the 11
// outvoted the 5. Now each step is refused with the error that says why, and the cluster lives on.
import { expect } from "chai";
import { network } from "hardhat";
import { AdmissionPolicy, HOUR, Role, Status } from "./encodings.js";
import { decideByVote, dissolveByVote } from "./dissolution.js";
import { ApplicationStatus, ProposalState, Vote, executeProposal, governedCluster, profile, proposalIdOf, vetoCluster, voteAll } from "./fixturesGovernance.js";
import { defaultParams } from "./fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

describe("A cluster cannot be taken over by its operator or its CDO", function () {
  it("refuses every step of the CDC's dissolution of a cluster against all its members", async function () {
    const w = await loadFixture(governedCluster);
    const { registry, membership, governor, clusterId, signers } = w;
    const { cdc, cdo, alice, bob, carol, dave, erin } = signers;
    const accomplices = (await ethers.getSigners()).slice(9, 20);
    expect(accomplices).to.have.length(11);

    // 1. The CDC makes itself CDO.
    await expect(registry.setCdo(clusterId, cdc.address))
      .to.be.revertedWithCustomError(registry, "ClusterDecides")
      .withArgs(clusterId, Status.Active, cdc.address);
    // 2. It shortens the voting period to an hour.
    await expect(registry.setSecurityParams(clusterId, { ...defaultParams, votingPeriod: HOUR }))
      .to.be.revertedWithCustomError(registry, "ClusterDecides")
      .withArgs(clusterId, Status.Active, cdc.address);
    // 3. It seats 11 accounts of its own, as CDO (the real CDO is refused alike): the cluster
    // admits by its members' vote, not by the CDO.
    for (const seatTaker of [cdc, cdo]) {
      await expect(membership.connect(seatTaker).addMember(accomplices[0].address, profile("Shell 1"), Role.Participant))
        .to.be.revertedWithCustomError(membership, seatTaker === cdo ? "AdmissionPolicyForbids" : "NotCdo")
        .withArgs(seatTaker === cdo ? AdmissionPolicy.MembersVote : cdc.address);
    }
    // Applying opens no vote: it waits for a member to sponsor it.
    for (const [i, a] of accomplices.entries()) {
      await governor.connect(a).applyForMembership(profile(`Shell ${i + 1}`), Role.Participant);
    }
    expect((await governor.application(1n)).status).to.equal(ApplicationStatus.AwaitingSponsor);
    expect(await membership.memberCount()).to.equal(5n);
    // 4. One of them proposes dissolution: not a member, refused.
    await expect(governor.connect(accomplices[0]).proposeDissolution("Dissolve"))
      .to.be.revertedWithCustomError(governor, "NotAMember")
      .withArgs(accomplices[0].address);
    // 5. The CDC's own dissolution initiative goes to the members' vote; all 5 vote against.
    const proposalId = await proposalIdOf(governor, w.factory.registerDissolutionInitiative(clusterId, "Dissolve"));
    await voteAll(governor, proposalId, [alice, bob, carol, dave, erin], Vote.Against);
    for (const a of accomplices.slice(0, 2)) {
      await expect(governor.connect(a).castVote(proposalId, Vote.For))
        .to.be.revertedWithCustomError(governor, "NoVotingWeight")
        .withArgs(proposalId, a.address);
    }
    await networkHelpers.time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
    expect(await governor.state(proposalId)).to.equal(ProposalState.Defeated);
    await expect(executeProposal(governor, proposalId, cdc)).to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState");
    expect(await registry.statusOf(clusterId)).to.equal(Status.Active);
    expect(await registry.cdoOf(clusterId)).to.equal(cdo.address);
  });

  it("lets the CDC propose configuration, which takes effect only when the members pass it", async function () {
    const w = await loadFixture(governedCluster);
    const { registry, governor, clusterId, signers } = w;
    const { executed } = await decideByVote(w, clusterId, (g) => g.proposeCdo(signers.frank.address, "New CDO"), signers.cdc);
    await expect(executed).to.emit(registry, "CdoChanged").withArgs(clusterId, signers.cdo.address, signers.frank.address);
    // It proposes but never votes: it has no seat.
    expect(await w.membership.getVotes(signers.cdc.address)).to.equal(0n);
    // A CDO change to nobody is refused before any vote; an outsider may not propose configuration.
    await expect(governor.connect(signers.cdc).proposeCdo(ethers.ZeroAddress, "Nobody"))
      .to.be.revertedWithCustomError(registry, "ZeroAddress")
      .withArgs("newCdo");
    await expect(governor.connect(signers.stranger).proposeParams(defaultParams, "Params"))
      .to.be.revertedWithCustomError(governor, "NotAMember")
      .withArgs(signers.stranger.address);
    // Only configuration: the CDC may not propose who is in the cluster or dissolve it itself.
    await expect(governor.connect(signers.cdc).proposeDissolution("Dissolve"))
      .to.be.revertedWithCustomError(governor, "NotAMember")
      .withArgs(signers.cdc.address);
    await expect(governor.connect(signers.cdc).proposeRole(signers.dave.address, Role.Core, "Core"))
      .to.be.revertedWithCustomError(governor, "NotAMember")
      .withArgs(signers.cdc.address);
  });

  it("reads core status as of the proposal's snapshot: a role change during a core-only vote changes nothing", async function () {
    const w = await loadFixture(governedCluster);
    const { membership, governor, signers } = w;
    const { cdo, alice, dave } = signers;
    // The CDO may no longer set roles at all.
    await expect(membership.connect(cdo).setRole(dave.address, Role.Core)).to.be.revertedWithCustomError(membership, "NotGovernor").withArgs(cdo.address);
    // Switch to CoreVote and open a core-only admission.
    await decideByVote(w, w.clusterId, (g) => g.proposeParams({ ...defaultParams, admissionPolicy: AdmissionPolicy.CoreVote }, "CoreVote"));
    // A role proposal making dave core passes its vote; then, while it awaits its end, a
    // core-only admission opens; the role change is executed while the admission runs.
    const members = [alice, signers.bob, signers.carol, dave, signers.erin];
    const role = await proposalIdOf(governor, governor.connect(alice).proposeRole(dave.address, Role.Core, "Dave to core"));
    await voteAll(governor, role, members, Vote.For);
    const admission = await proposalIdOf(
      governor,
      governor.connect(alice).proposeAdmission(signers.frank.address, profile("Frank"), Role.Participant, "Admit Frank"),
    );
    await networkHelpers.time.increaseTo((await governor.proposalDeadline(role)) + 1n);
    await executeProposal(governor, role, alice);
    expect(await governor.state(admission)).to.equal(ProposalState.Active);
    expect(await membership.roleOf(dave.address)).to.equal(Role.Core);
    const snapshot = await governor.proposalSnapshot(admission);
    expect(await membership.roleAt(dave.address, snapshot)).to.equal(Role.Participant);
    await expect(governor.connect(dave).castVote(admission, Vote.For))
      .to.be.revertedWithCustomError(governor, "NoVotingWeight")
      .withArgs(admission, dave.address);
  });

  it("does not let the CDC shorten the wind-down of a cluster already dissolving", async function () {
    const w = await loadFixture(governedCluster);
    const { registry, clusterId, signers } = w;
    await dissolveByVote(w, clusterId);
    const endsAt = (await registry.dissolvingSince(clusterId)) + (await registry.windDownPeriodOf(clusterId));
    await registry.setWindDownPeriod(0);
    await expect(registry.connect(signers.stranger).completeDissolution(clusterId))
      .to.be.revertedWithCustomError(registry, "WindDownNotOver")
      .withArgs(clusterId, endsAt);
    // The boundary: refused the second before the cluster's own wind-down ends, accepted at it.
    await networkHelpers.time.increaseTo(endsAt - 2n);
    await expect(registry.completeDissolution(clusterId)).to.be.revertedWithCustomError(registry, "WindDownNotOver");
    await networkHelpers.time.increaseTo(endsAt - 1n); // the next block is the wind-down's end
    await expect(registry.completeDissolution(clusterId)).to.emit(registry, "StatusChanged").withArgs(clusterId, Status.Dissolving, Status.Dissolved);
  });

  it("does not let a core member veto its own expulsion", async function () {
    const w = await loadFixture(vetoCluster);
    const { governor, signers } = w;
    const { alice, bob, carol, dave, erin } = signers;
    const expulsion = await proposalIdOf(governor, governor.connect(alice).proposeExpulsion(carol.address, "Expel carol"));
    expect((await governor.proposalRules(expulsion)).subject).to.equal(carol.address);
    await expect(governor.connect(carol).castVote(expulsion, Vote.Against)).not.to.emit(governor, "ProposalVetoed");
    await voteAll(governor, expulsion, [alice, bob, dave, erin], Vote.For);
    await networkHelpers.time.increaseTo((await governor.proposalDeadline(expulsion)) + 1n);
    expect(await governor.state(expulsion)).to.equal(ProposalState.Succeeded);
    // Another core member's Against still vetoes.
    const second = await proposalIdOf(governor, governor.connect(alice).proposeExpulsion(dave.address, "Expel dave"));
    await expect(governor.connect(bob).castVote(second, Vote.Against)).to.emit(governor, "ProposalVetoed").withArgs(second, bob.address);
  });
});
