import { expect } from "chai";
import { network } from "hardhat";
import { ClusterFactory__factory, ClusterGovernor__factory, DocumentRegistry__factory, type IClusterFactory } from "../../types/typechain/index.js";
import { CDC_ROLE, DAY, FACTORY_ROLE, FlowKind, MEMBERSHIP, MemberKind, Role, Status } from "./encodings.js";
import { dissolveByVote } from "./dissolution.js";
import { defaultParams, demoSpec, platformDeployed, platformWithoutGovernor } from "./fixtures.js";
import {
  EXECUTABLE,
  GOVERNOR,
  ProposalKind,
  ProposalState,
  Vote,
  executeProposal,
  governedCluster,
  initiativeParams,
  initiativeVoting,
  profile,
  proposalIdOf,
  voteAll,
} from "./fixturesGovernance.js";
import { componentKindId } from "../../core/chain/componentKinds.js";

const { networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const INITIATIVE_PERIOD = Number(initiativeParams.votingPeriod);
type Nodes = Pick<IClusterFactory.ClusterSpecStruct, "founders" | "partners" | "links">;
const NO_NODES: Nodes = { founders: [], partners: [], links: [] };

type World = Awaited<ReturnType<typeof initiativeVoting>>;

/** The group approves (3 of 4 for) and a stranger executes: the initiative is Forming. */
async function approve(w: World) {
  const { alice, bob, carol, stranger } = w.signers;
  await voteAll(w.governor, w.proposalId, [alice, bob, carol], Vote.For);
  await time.increase(INITIATIVE_PERIOD + 1);
  await executeProposal(w.governor, w.proposalId, stranger);
}

/** The deploy spec of an approved initiative: name, cdo, params and services are ignored. */
function deploySpec(w: World, extra: Partial<Nodes> = {}): IClusterFactory.ClusterSpecStruct {
  return { ...demoSpec(w), ...NO_NODES, ...extra };
}

describe("Initiatives", function () {
  describe("registration", function () {
    it("registers an initiative with its group's Membership and Governor and opens the formation vote", async function () {
      const w = await loadFixture(initiativeVoting);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Voting);
      expect(await w.membership.memberCount()).to.equal(4n);
      expect(await w.membership.isMember(w.signers.carol.address)).to.equal(true);
      expect(await w.membership.coreCount()).to.equal(2n);
      const rules = await w.governor.proposalRules(w.proposalId);
      expect(rules.kind).to.equal(ProposalKind.Formation);
      expect(rules.quorumBps).to.equal(BigInt(initiativeParams.quorumBps));
      expect(rules.approvalThresholdBps).to.equal(BigInt(initiativeParams.approvalThresholdBps));
      expect(await w.governor.proposalProposer(w.proposalId)).to.equal(await w.factory.getAddress());
      const deadline = await w.governor.proposalDeadline(w.proposalId);
      expect(deadline - (await w.governor.proposalSnapshot(w.proposalId))).to.equal(BigInt(INITIATIVE_PERIOD));
      const [event] = await w.factory.queryFilter(w.factory.filters.InitiativeRegistered(w.clusterId));
      expect(event.args.membership).to.equal(await w.membership.getAddress());
      expect(event.args.governor).to.equal(await w.governor.getAddress());
      expect(event.args.proposalId).to.equal(w.proposalId);
      expect(event.args.registeredBy).to.equal(w.signers.cdc.address);
    });

    it("refuses an initiative by anyone but the CDC", async function () {
      const w = await loadFixture(initiativeVoting);
      await expect(w.factory.connect(w.signers.stranger).registerInitiative(w.spec, "again"))
        .to.be.revertedWithCustomError(w.factory, "NotCdc")
        .withArgs(w.signers.stranger.address);
    });

    it("refuses an initiative while no Governor implementation is set", async function () {
      const p = await loadFixture(platformWithoutGovernor);
      const spec = { name: "X", cdo: p.signers.cdo.address, params: defaultParams, serviceIds: [], group: [] };
      await expect(p.factory.registerInitiative(spec, "X")).to.be.revertedWithCustomError(p.factory, "NoImplementation").withArgs(GOVERNOR);
    });

    it("refuses a formation proposal by anyone but the factory, and a second one", async function () {
      const w = await loadFixture(initiativeVoting);
      await expect(w.governor.connect(w.signers.cdc).proposeFormation("again"))
        .to.be.revertedWithCustomError(w.governor, "NotPlatform")
        .withArgs(w.signers.cdc.address);
      await w.registry.grantRole(FACTORY_ROLE, w.signers.cdc.address);
      await expect(w.governor.connect(w.signers.cdc).proposeFormation("again"))
        .to.be.revertedWithCustomError(w.governor, "FormationAlreadyProposed")
        .withArgs(w.clusterId, w.proposalId);
    });

    it("refuses members' proposals while the cluster is an initiative", async function () {
      const w = await loadFixture(initiativeVoting);
      await expect(w.governor.proposeDissolution("not yet")).to.be.revertedWithCustomError(w.governor, "ClusterNotOpen").withArgs(w.clusterId, Status.Voting);
    });

    it("refuses a vote by someone outside the group", async function () {
      const w = await loadFixture(initiativeVoting);
      await expect(w.governor.connect(w.signers.erin).castVote(w.proposalId, Vote.For))
        .to.be.revertedWithCustomError(w.governor, "NoVotingWeight")
        .withArgs(w.proposalId, w.signers.erin.address);
    });
  });

  describe("formation", function () {
    it("moves an approved initiative to Forming when anyone executes the group's vote", async function () {
      const w = await loadFixture(initiativeVoting);
      const { alice, bob, carol, stranger } = w.signers;
      await voteAll(w.governor, w.proposalId, [alice, bob, carol], Vote.For);
      await time.increase(INITIATIVE_PERIOD + 1);
      await expect(executeProposal(w.governor, w.proposalId, stranger))
        .to.emit(w.registry, "StatusChanged")
        .withArgs(w.clusterId, Status.Voting, Status.Forming);
    });

    it("refuses to execute the formation before the vote ends", async function () {
      const w = await loadFixture(initiativeVoting);
      const { alice, bob, carol, dave } = w.signers;
      await voteAll(w.governor, w.proposalId, [alice, bob, carol, dave], Vote.For);
      await expect(executeProposal(w.governor, w.proposalId, alice))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(w.proposalId, ProposalState.Active, EXECUTABLE);
    });

    it("deploys the approved cluster: the group become its founders, the governor carries on", async function () {
      const w = await loadFixture(initiativeVoting);
      await approve(w);
      const spec = deploySpec(w, {
        founders: [{ account: w.signers.erin.address, profile: profile("Precision Parts"), role: Role.Participant }],
        partners: ["Export Buyer GmbH"],
        links: [
          { from: 1, to: 5, kind: FlowKind.Material, clusterActivity: true },
          { from: 2, to: 6, kind: FlowKind.Service, clusterActivity: false },
        ],
      });
      await expect(w.factory.deployCluster(w.clusterId, spec))
        .to.emit(w.factory, "ClusterDeployed")
        .withArgs(w.clusterId, await w.membership.getAddress(), w.signers.cdc.address);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Active);
      expect(await w.registry.componentOf(w.clusterId, MEMBERSHIP)).to.equal(await w.membership.getAddress());
      expect(await w.registry.componentOf(w.clusterId, GOVERNOR)).to.equal(await w.governor.getAddress());
      expect(await w.membership.memberCount()).to.equal(5n);
      expect(await w.membership.nodeCount()).to.equal(6n);
      expect(await w.membership.linkCount()).to.equal(2n);
      expect((await w.membership.member(w.signers.erin.address)).nodeId).to.equal(5n);
      // The cluster now votes under its own parameters.
      expect(await w.governor.votingPeriod()).to.equal(BigInt(defaultParams.votingPeriod));
    });

    it("clones the component kinds the initiative did not have yet", async function () {
      const w = await loadFixture(initiativeVoting);
      const probeImpl = await new DocumentRegistry__factory(w.signers.cdc).deploy(await w.registry.getAddress());
      const PROBE = componentKindId("Documents");
      await w.factory.setImplementation(PROBE, await probeImpl.getAddress());
      await approve(w);
      await w.factory.deployCluster(w.clusterId, deploySpec(w));
      const probe = DocumentRegistry__factory.connect(await w.registry.componentOf(w.clusterId, PROBE), w.signers.cdc);
      expect(await probe.membership()).to.equal(await w.membership.getAddress());
    });

    it("refuses the factory-only founding path to anyone else", async function () {
      const w = await loadFixture(initiativeVoting);
      await approve(w);
      await expect(w.membership.connect(w.signers.cdc).addFoundingNodes([], ["Partner"], []))
        .to.be.revertedWithCustomError(w.membership, "NotFactory")
        .withArgs(w.signers.cdc.address);
    });

    it("refuses to deploy an initiative still voting", async function () {
      const w = await loadFixture(initiativeVoting);
      await expect(w.factory.deployCluster(w.clusterId, deploySpec(w)))
        .to.be.revertedWithCustomError(w.registry, "IllegalTransition")
        .withArgs(w.clusterId, Status.Voting, Status.Active);
    });
  });

  describe("rejection", function () {
    it("closes a rejected initiative: anyone, once the formation vote is defeated", async function () {
      const w = await loadFixture(initiativeVoting);
      const { alice, bob, carol, stranger } = w.signers;
      await voteAll(w.governor, w.proposalId, [alice], Vote.For);
      await voteAll(w.governor, w.proposalId, [bob, carol], Vote.Against);
      await expect(w.registry.connect(stranger).closeInitiative(w.clusterId))
        .to.be.revertedWithCustomError(w.registry, "InitiativeStillOpen")
        .withArgs(w.clusterId, ProposalState.Active);
      await time.increase(INITIATIVE_PERIOD + 1);
      expect(await w.governor.state(w.proposalId)).to.equal(ProposalState.Defeated);
      await expect(w.registry.connect(stranger).closeInitiative(w.clusterId))
        .to.emit(w.registry, "StatusChanged")
        .withArgs(w.clusterId, Status.Voting, Status.Rejected);
      await expect(w.factory.deployCluster(w.clusterId, deploySpec(w)))
        .to.be.revertedWithCustomError(w.registry, "IllegalTransition")
        .withArgs(w.clusterId, Status.Rejected, Status.Active);
    });

    it("closes an initiative nobody voted on once its vote has ended", async function () {
      const w = await loadFixture(initiativeVoting);
      await time.increase(INITIATIVE_PERIOD + 1);
      await w.registry.connect(w.signers.stranger).closeInitiative(w.clusterId);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Rejected);
    });

    it("refuses to close an approved initiative", async function () {
      const w = await loadFixture(initiativeVoting);
      const { alice, bob, carol } = w.signers;
      await voteAll(w.governor, w.proposalId, [alice, bob, carol], Vote.For);
      await time.increase(INITIATIVE_PERIOD + 1);
      await expect(w.registry.closeInitiative(w.clusterId))
        .to.be.revertedWithCustomError(w.registry, "InitiativeStillOpen")
        .withArgs(w.clusterId, ProposalState.Succeeded);
      await executeProposal(w.governor, w.proposalId, alice);
      await expect(w.registry.closeInitiative(w.clusterId))
        .to.be.revertedWithCustomError(w.registry, "IllegalTransition")
        .withArgs(w.clusterId, Status.Forming, Status.Rejected);
    });

    it("refuses to close an initiative without a governor", async function () {
      const p = await loadFixture(platformDeployed);
      await p.registry.registerInitiative("Off-platform vote", p.signers.cdo.address, defaultParams, []);
      await p.registry.openVoting(1n);
      await expect(p.registry.closeInitiative(1n)).to.be.revertedWithCustomError(p.registry, "ComponentsMissing").withArgs(1n);
    });
  });

  describe("dissolution initiative", function () {
    it("opens a dissolution vote in an active cluster, which its members carry", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol, stranger } = w.signers;
      const tx = w.factory.registerDissolutionInitiative(w.clusterId, "The initiative group proposes to dissolve");
      await expect(tx).to.emit(w.factory, "DissolutionInitiativeRegistered");
      const id = await proposalIdOf(w.governor, tx);
      expect(await w.governor.proposalProposer(id)).to.equal(await w.factory.getAddress());
      expect((await w.governor.proposalRules(id)).kind).to.equal(ProposalKind.Dissolution);
      await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
      await time.increase(Number(defaultParams.votingPeriod) + 1);
      await executeProposal(w.governor, id, stranger);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Dissolving);
    });

    it("refuses a dissolution initiative by anyone but the CDC, or for a cluster that is not Active", async function () {
      const w = await loadFixture(governedCluster);
      await expect(w.factory.connect(w.signers.stranger).registerDissolutionInitiative(w.clusterId, "x"))
        .to.be.revertedWithCustomError(w.factory, "NotCdc")
        .withArgs(w.signers.stranger.address);
      await dissolveByVote(w, w.clusterId);
      await expect(w.factory.registerDissolutionInitiative(w.clusterId, "x"))
        .to.be.revertedWithCustomError(w.governor, "ClusterNotOpen")
        .withArgs(w.clusterId, Status.Dissolving);
      // Only the factory tables a dissolution for someone without a seat: not the CDC itself.
      await expect(w.governor.connect(w.signers.cdc).proposeDissolution("x"))
        .to.be.revertedWithCustomError(w.governor, "NotAMember")
        .withArgs(w.signers.cdc.address);
    });

    it("refuses a dissolution initiative for a cluster without a governor", async function () {
      const p = await loadFixture(platformWithoutGovernor);
      await p.factory.createCluster(demoSpec(p));
      await expect(p.factory.registerDissolutionInitiative(1n, "x")).to.be.revertedWithCustomError(p.factory, "NoImplementation").withArgs(GOVERNOR);
    });
  });

  describe("a whole life", function () {
    it("goes from initiative to active, admits and expels by vote, dissolves and winds down", async function () {
      const w = await loadFixture(initiativeVoting);
      const { alice, bob, carol, dave, erin, frank, stranger } = w.signers;
      await approve(w);
      await w.factory.deployCluster(w.clusterId, deploySpec(w));
      const period = Number(defaultParams.votingPeriod) + 1;

      // Frank applies, carol sponsors his application and the members admit him.
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs", MemberKind.Other), Role.Participant);
      const admission = await proposalIdOf(w.governor, w.governor.connect(carol).sponsorApplication(1n));
      await voteAll(w.governor, admission, [alice, bob, carol], Vote.For);
      await time.increase(period);
      await executeProposal(w.governor, admission, stranger);
      expect(await w.membership.isMember(frank.address)).to.equal(true);

      // Dave is expelled; Frank, admitted after, votes on it.
      const expulsion = await proposalIdOf(w.governor, w.governor.proposeExpulsion(dave.address, "Expel Cargo Services"));
      await voteAll(w.governor, expulsion, [alice, bob, frank], Vote.For);
      await time.increase(period);
      await executeProposal(w.governor, expulsion, stranger);
      expect(await w.membership.isMember(dave.address)).to.equal(false);
      await expect(w.governor.connect(dave).proposeDissolution("revenge")).to.be.revertedWithCustomError(w.governor, "NotAMember").withArgs(dave.address);

      // The members dissolve the cluster; it winds down, then anyone closes it.
      const dissolution = await proposalIdOf(w.governor, w.governor.connect(bob).proposeDissolution("Project complete"));
      await voteAll(w.governor, dissolution, [alice, bob, carol, frank], Vote.For);
      await time.increase(period);
      await executeProposal(w.governor, dissolution, stranger);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Dissolving);
      await expect(w.registry.connect(erin).completeDissolution(w.clusterId)).to.be.revertedWithCustomError(w.registry, "WindDownNotOver");
      await time.increase(30 * DAY);
      await w.registry.connect(erin).completeDissolution(w.clusterId);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Dissolved);
      await expect(w.membership.connect(alice).setEncryptionKey("0x01"))
        .to.be.revertedWithCustomError(w.membership, "ClusterNotWritable")
        .withArgs(w.clusterId, Status.Dissolved);
    });
  });

  describe("one-shot clusters", function () {
    it("gives a cluster created in one transaction a governor bound to its seats", async function () {
      const w = await loadFixture(governedCluster);
      const governor = ClusterGovernor__factory.connect(await w.registry.componentOf(w.clusterId, GOVERNOR), w.signers.cdc);
      expect(await governor.token()).to.equal(await w.membership.getAddress());
      expect(await w.registry.hasRole(CDC_ROLE, await w.factory.getAddress())).to.equal(true);
      expect(await ClusterFactory__factory.connect(await w.factory.getAddress(), w.signers.cdc).componentKinds()).to.deep.equal([GOVERNOR]);
    });
  });
});
