import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { network } from "hardhat";
import type { Signer } from "ethers";
import { ClusterGovernor__factory, type ClusterGovernor } from "../../types/typechain/index.js";
import { deployBareClone } from "../../deploy/clone.js";
import { AdmissionPolicy, CDC_ROLE, DAY, Role, Status } from "./encodings.js";
import { dissolveByVote } from "./dissolution.js";
import { defaultParams, paramsTuple } from "./fixtures.js";
import {
  ACTIVE_ONLY,
  ApplicationStatus,
  EXECUTABLE,
  GOVERNOR,
  ProposalKind,
  ProposalState,
  Vote,
  cdoDecisionCluster,
  coreVoteCluster,
  executeProposal,
  governedCluster,
  initiativeParams,
  profile,
  proposalIdOf,
  signBallot,
  vetoCluster,
  voteAll,
  type GovernedCluster,
} from "./fixturesGovernance.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const PERIOD = Number(defaultParams.votingPeriod);

/** Past the voting period of a proposal made under defaultParams. */
/** The cluster's governor as a signer: what a passed proposal does, without waiting out a vote. */
async function asGovernorSigner(w: GovernedCluster) {
  const address = await w.governor.getAddress();
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

async function afterDeadline() {
  await time.increase(PERIOD + 1);
}

/** One typed proposal kind: how a member makes it and what its execution changes. */
type Kind = {
  name: string;
  kind: bigint;
  propose: (w: GovernedCluster, as?: Signer) => ReturnType<ClusterGovernor["proposeDissolution"]>;
  effect: (w: GovernedCluster) => Promise<void>;
};
const kinds: Kind[] = [
  {
    name: "admission",
    kind: ProposalKind.Admission,
    propose: (w, as = w.signers.alice) =>
      w.governor.connect(as).proposeAdmission(w.signers.frank.address, profile("Frank Labs"), Role.Participant, "Admit Frank Labs"),
    effect: async (w) => {
      expect(await w.membership.isMember(w.signers.frank.address)).to.equal(true);
      expect(await w.membership.roleOf(w.signers.frank.address)).to.equal(Role.Participant);
    },
  },
  {
    name: "expulsion",
    kind: ProposalKind.Expulsion,
    propose: (w, as = w.signers.alice) => w.governor.connect(as).proposeExpulsion(w.signers.erin.address, "Expel Precision Parts"),
    effect: async (w) => {
      expect(await w.membership.isMember(w.signers.erin.address)).to.equal(false);
      expect(await w.membership.memberCount()).to.equal(4n);
    },
  },
  {
    name: "parameters",
    kind: ProposalKind.Params,
    propose: (w, as = w.signers.alice) => w.governor.connect(as).proposeParams({ ...defaultParams, quorumBps: 3_000 }, "Lower the quorum to 30 %"),
    effect: async (w) => {
      expect((await w.registry.cluster(w.clusterId)).params.quorumBps).to.equal(3_000n);
    },
  },
  {
    name: "service",
    kind: ProposalKind.Service,
    propose: (w, as = w.signers.alice) => w.governor.connect(as).proposeService(w.services.crm, true, "Enable the CRM"),
    effect: async (w) => {
      expect(await w.registry.isServiceEnabled(w.clusterId, w.services.crm)).to.equal(true);
    },
  },
  {
    name: "dissolution",
    kind: ProposalKind.Dissolution,
    propose: (w, as = w.signers.alice) => w.governor.connect(as).proposeDissolution("Dissolve the cluster"),
    effect: async (w) => {
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Dissolving);
    },
  },
];

function voters(w: GovernedCluster) {
  const { alice, bob, carol, dave, erin } = w.signers;
  return { alice, bob, carol, dave, erin };
}

describe("ClusterGovernor", function () {
  describe("initialisation", function () {
    it("is given to a cluster created in one transaction, reading its Membership seats", async function () {
      const w = await loadFixture(governedCluster);
      expect(await w.governor.registry()).to.equal(await w.registry.getAddress());
      expect(await w.governor.clusterId()).to.equal(w.clusterId);
      expect(await w.governor.token()).to.equal(await w.membership.getAddress());
      expect(await w.governor.name()).to.equal("ClusterGovernor");
      expect(await w.governor.votingDelay()).to.equal(0n);
      expect(await w.governor.votingPeriod()).to.equal(BigInt(PERIOD));
      expect(await w.governor.CLOCK_MODE()).to.equal("mode=timestamp");
    });

    it("refuses to initialise the implementation or a clone twice", async function () {
      const w = await loadFixture(governedCluster);
      await expect(w.governorImpl.initialize(await w.registry.getAddress(), w.clusterId)).to.be.revertedWithCustomError(
        w.governorImpl,
        "InvalidInitialization",
      );
      await expect(w.governor.initialize(await w.registry.getAddress(), w.clusterId)).to.be.revertedWithCustomError(w.governor, "InvalidInitialization");
    });

    it("binds a clone to its implementation's registry and refuses a zero one", async function () {
      const w = await loadFixture(governedCluster);
      const clone = ClusterGovernor__factory.connect((await deployBareClone(w.signers.cdc, await w.governorImpl.getAddress())).address, w.signers.cdc);
      await expect(clone.initialize(w.signers.stranger.address, w.clusterId))
        .to.be.revertedWithCustomError(clone, "ForeignRegistry")
        .withArgs(w.signers.stranger.address, await w.registry.getAddress());
      await expect(new ClusterGovernor__factory(w.signers.cdc).deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(clone, "ZeroRegistry");
      expect(await w.governor.registry()).to.equal(await w.registry.getAddress());
    });
  });

  for (const k of kinds) {
    describe(`${k.name} proposals`, function () {
      it(`passes a ${k.name} proposal with quorum and threshold met, and anyone executes it`, async function () {
        const w = await loadFixture(governedCluster);
        const { alice, bob, carol } = voters(w);
        const id = await proposalIdOf(w.governor, k.propose(w));
        expect((await w.governor.proposalRules(id)).kind).to.equal(k.kind);
        // Voting opens the second after the proposal's block (snapshot = its timestamp).
        expect(await w.governor.state(id)).to.equal(ProposalState.Pending);
        await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
        await afterDeadline();
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
        await expect(executeProposal(w.governor, id, w.signers.stranger))
          .to.emit(w.governor, "ProposalExecuted")
          .withArgs(id);
        await k.effect(w);
      });

      it(`defeats a ${k.name} proposal that misses the quorum`, async function () {
        const w = await loadFixture(governedCluster);
        const { alice, bob } = voters(w);
        const id = await proposalIdOf(w.governor, k.propose(w));
        await voteAll(w.governor, id, [alice, bob], Vote.For);
        await afterDeadline();
        expect(await w.governor.proposalQuorum(id)).to.equal(3n);
        expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
        await expect(executeProposal(w.governor, id, alice))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Defeated, EXECUTABLE);
      });

      it(`defeats a ${k.name} proposal that misses the approval threshold`, async function () {
        const w = await loadFixture(governedCluster);
        const { alice, bob, carol, dave } = voters(w);
        const id = await proposalIdOf(w.governor, k.propose(w));
        await voteAll(w.governor, id, [alice, bob], Vote.For);
        await voteAll(w.governor, id, [carol], Vote.Against);
        await voteAll(w.governor, id, [dave], Vote.Abstain);
        await afterDeadline();
        // 2 for of 3 decisive votes is 66.66 %, under the 66.67 % threshold.
        expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
      });

      it(`refuses on a ${k.name} proposal a double vote, a replayed ballot, a late vote, an early and a second execution`, async function () {
        const w = await loadFixture(governedCluster);
        const { alice, bob, carol, dave, stranger } = { ...voters(w), stranger: w.signers.stranger };
        const id = await proposalIdOf(w.governor, k.propose(w));
        await voteAll(w.governor, id, [alice, bob], Vote.For);
        await expect(w.governor.connect(bob).castVote(id, Vote.For)).to.be.revertedWithCustomError(w.governor, "GovernorAlreadyCastVote").withArgs(bob.address);
        const ballot = await signBallot(w.governor, carol, id, Vote.For);
        await w.governor.connect(stranger).castVoteBySig(id, Vote.For, carol.address, ballot);
        await expect(w.governor.connect(stranger).castVoteBySig(id, Vote.For, carol.address, ballot))
          .to.be.revertedWithCustomError(w.governor, "GovernorInvalidSignature")
          .withArgs(carol.address);
        await expect(executeProposal(w.governor, id, stranger))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Active, EXECUTABLE);
        await afterDeadline();
        await expect(w.governor.connect(dave).castVote(id, Vote.For))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Succeeded, ACTIVE_ONLY);
        await executeProposal(w.governor, id, stranger);
        await expect(executeProposal(w.governor, id, stranger))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Executed, EXECUTABLE);
      });

      it(`refuses a ${k.name} proposal by a non-member`, async function () {
        const w = await loadFixture(governedCluster);
        await expect(k.propose(w, w.signers.stranger)).to.be.revertedWithCustomError(w.governor, "NotAMember").withArgs(w.signers.stranger.address);
      });
    });
  }

  describe("proposals", function () {
    it("refuses an untyped proposal, pointing to the typed functions", async function () {
      const w = await loadFixture(governedCluster);
      await expect(w.governor.propose([w.signers.alice.address], [0n], ["0x"], "anything")).to.be.revertedWithCustomError(w.governor, "UseTypedProposals");
    });

    it("accepts no token or ether it could never pass on: it relays no call and moves no value", async function () {
      const w = await loadFixture(governedCluster);
      const { alice } = w.signers;
      await expect(w.governor.onERC721Received(alice.address, alice.address, 1n, "0x")).to.be.revertedWithCustomError(w.governor, "GovernorDisabledDeposit");
      await expect(w.governor.onERC1155Received(alice.address, alice.address, 1n, 1n, "0x")).to.be.revertedWithCustomError(
        w.governor,
        "GovernorDisabledDeposit",
      );
      await expect(w.governor.onERC1155BatchReceived(alice.address, alice.address, [1n], [1n], "0x")).to.be.revertedWithCustomError(
        w.governor,
        "GovernorDisabledDeposit",
      );
    });

    it("refuses proposals once the cluster is no longer Active", async function () {
      const w = await loadFixture(governedCluster);
      await dissolveByVote(w, w.clusterId);
      await expect(w.governor.proposeService(w.services.crm, true, "Enable the CRM"))
        .to.be.revertedWithCustomError(w.governor, "ClusterNotOpen")
        .withArgs(w.clusterId, Status.Dissolving);
    });

    it("refuses to admit a member, expel a non-member or admit without a role", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, frank } = w.signers;
      await expect(w.governor.proposeAdmission(alice.address, profile("Again"), Role.Core, "again"))
        .to.be.revertedWithCustomError(w.governor, "AlreadyAMember")
        .withArgs(alice.address);
      await expect(w.governor.proposeExpulsion(frank.address, "not one of us")).to.be.revertedWithCustomError(w.governor, "NotAMember").withArgs(frank.address);
      await expect(w.governor.proposeAdmission(frank.address, profile("Frank Labs"), Role.None, "no role"))
        .to.be.revertedWithCustomError(w.membership, "InvalidRole")
        .withArgs(Role.None);
    });

    it("keeps a proposal's quorum and threshold as they were when it was made", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol } = voters(w);
      const id = await proposalIdOf(w.governor, kinds[3].propose(w));
      await w.registry.connect(await asGovernorSigner(w)).setSecurityParams(w.clusterId, { ...defaultParams, quorumBps: 10_000, approvalThresholdBps: 10_000 });
      await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
      await afterDeadline();
      const rules = await w.governor.proposalRules(id);
      expect(rules.quorumBps).to.equal(5_000n);
      expect(rules.approvalThresholdBps).to.equal(6_667n);
      expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
    });

    it("defeats a proposal that reached the quorum with abstentions only", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol } = voters(w);
      const id = await proposalIdOf(w.governor, kinds[3].propose(w));
      await voteAll(w.governor, id, [alice, bob, carol], Vote.Abstain);
      await afterDeadline();
      expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
    });

    it("announces the typed proposal with its fixed rules", async function () {
      const w = await loadFixture(governedCluster);
      await expect(kinds[2].propose(w))
        .to.emit(w.governor, "TypedProposalCreated")
        .withArgs(anyValue, ProposalKind.Params, w.signers.alice.address, 5_000n, 6_667n, false, false)
        .and.to.emit(w.governor, "ParamsProposed");
    });
  });

  describe("votes", function () {
    it("refuses a vote after the deadline", async function () {
      const w = await loadFixture(governedCluster);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      await afterDeadline();
      await expect(w.governor.castVote(id, Vote.For))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Defeated, ACTIVE_ONLY);
    });

    it("refuses a second vote by the same member", async function () {
      const w = await loadFixture(governedCluster);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      await w.governor.castVote(id, Vote.For);
      await expect(w.governor.castVote(id, Vote.Against))
        .to.be.revertedWithCustomError(w.governor, "GovernorAlreadyCastVote")
        .withArgs(w.signers.alice.address);
    });

    it("refuses a vote by a non-member instead of counting it as zero", async function () {
      const w = await loadFixture(governedCluster);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      await expect(w.governor.connect(w.signers.stranger).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(w.governor, "NoVotingWeight")
        .withArgs(id, w.signers.stranger.address);
    });

    it("refuses a vote by a member admitted after the proposal was made", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const id = await proposalIdOf(w.governor, kinds[3].propose(w));
      await w.membership.addMember(w.signers.frank.address, profile("Frank Labs"), Role.Participant);
      await expect(w.governor.connect(w.signers.frank).castVote(id, Vote.For))
        .to.be.revertedWithCustomError(w.governor, "NoVotingWeight")
        .withArgs(id, w.signers.frank.address);
    });

    it("records a vote with its reason", async function () {
      const w = await loadFixture(governedCluster);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      await expect(w.governor.connect(w.signers.bob).castVoteWithReason(id, Vote.Against, "No references yet"))
        .to.emit(w.governor, "VoteCast")
        .withArgs(w.signers.bob.address, id, Vote.Against, 1n, "No references yet");
      expect(await w.governor.proposalVotes(id)).to.deep.equal([1n, 0n, 0n]);
    });

    it("accepts a vote signed by a member and submitted by anyone, once", async function () {
      const w = await loadFixture(governedCluster);
      const { bob, stranger } = w.signers;
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      const signature = await signBallot(w.governor, bob, id, Vote.For);
      await expect(w.governor.connect(stranger).castVoteBySig(id, Vote.For, bob.address, signature))
        .to.emit(w.governor, "VoteCast")
        .withArgs(bob.address, id, Vote.For, 1n, "");
      expect(await w.governor.hasVoted(id, bob.address)).to.equal(true);
      await expect(w.governor.connect(stranger).castVoteBySig(id, Vote.For, bob.address, signature))
        .to.be.revertedWithCustomError(w.governor, "GovernorInvalidSignature")
        .withArgs(bob.address);
    });

    it("refuses a ballot signed by someone else than the voter named", async function () {
      const w = await loadFixture(governedCluster);
      const { bob, carol, stranger } = w.signers;
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      const signature = await signBallot(w.governor, carol, id, Vote.For);
      await expect(w.governor.connect(stranger).castVoteBySig(id, Vote.For, bob.address, signature))
        .to.be.revertedWithCustomError(w.governor, "GovernorInvalidSignature")
        .withArgs(bob.address);
    });
  });

  describe("execution", function () {
    it("refuses execution before the vote ends", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol, dave, erin } = voters(w);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      await voteAll(w.governor, id, [alice, bob, carol, dave, erin], Vote.For);
      await expect(executeProposal(w.governor, id, alice))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Active, EXECUTABLE);
    });

    it("refuses to execute a proposal twice", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol } = voters(w);
      const id = await proposalIdOf(w.governor, kinds[3].propose(w));
      await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
      await afterDeadline();
      await executeProposal(w.governor, id, alice);
      await expect(executeProposal(w.governor, id, alice))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Executed, EXECUTABLE);
    });
  });

  describe("core veto", function () {
    for (const k of [kinds[0], kinds[1], kinds[4]]) {
      it(`lets one core member's Against veto a ${k.name} when the veto is on`, async function () {
        const w = await loadFixture(vetoCluster);
        const { alice, bob, carol, dave, erin } = voters(w);
        const id = await proposalIdOf(w.governor, k.propose(w, dave));
        expect((await w.governor.proposalRules(id)).vetoable).to.equal(true);
        await voteAll(w.governor, id, [alice, bob, dave, erin], Vote.For);
        await expect(w.governor.connect(carol).castVote(id, Vote.Against)).to.emit(w.governor, "ProposalVetoed").withArgs(id, carol.address);
        await afterDeadline();
        expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
      });
    }

    it("does not let a participant's Against veto", async function () {
      const w = await loadFixture(vetoCluster);
      const { alice, bob, carol, dave } = voters(w);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
      await expect(w.governor.connect(dave).castVote(id, Vote.Against)).to.not.emit(w.governor, "ProposalVetoed");
      await afterDeadline();
      expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
    });

    for (const k of [kinds[2], kinds[3]]) {
      it(`gives no veto on a ${k.name} proposal`, async function () {
        const w = await loadFixture(vetoCluster);
        const { alice, bob, carol, dave, erin } = voters(w);
        const id = await proposalIdOf(w.governor, k.propose(w));
        expect((await w.governor.proposalRules(id)).vetoable).to.equal(false);
        await voteAll(w.governor, id, [alice, bob, dave, erin], Vote.For);
        await voteAll(w.governor, id, [carol], Vote.Against);
        await afterDeadline();
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
      });
    }

    it("gives no veto when the cluster's core veto is off", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol, dave, erin } = voters(w);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w));
      expect((await w.governor.proposalRules(id)).vetoable).to.equal(false);
      await voteAll(w.governor, id, [alice, bob, dave, erin], Vote.For);
      await voteAll(w.governor, id, [carol], Vote.Against);
      await afterDeadline();
      expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
    });
  });

  describe("applications", function () {
    it("turns an application into an admission proposal all members vote on (MembersVote)", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol } = voters(w);
      const { frank, stranger } = w.signers;
      const { dave } = w.signers;
      await expect(w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant))
        .to.emit(w.governor, "ApplicationSubmitted")
        .withArgs(1n, frank.address, anyValue, Role.Participant, AdmissionPolicy.MembersVote, 0n)
        .and.not.to.emit(w.governor, "ProposalCreated");
      expect((await w.governor.application(1n)).status).to.equal(ApplicationStatus.AwaitingSponsor);
      const sponsoring = w.governor.connect(dave).sponsorApplication(1n);
      await expect(sponsoring).to.emit(w.governor, "ApplicationSponsored").withArgs(1n, dave.address, anyValue);
      const id = await proposalIdOf(w.governor, sponsoring);
      const app = await w.governor.application(1n);
      expect(app.applicant).to.equal(frank.address);
      expect(app.status).to.equal(ApplicationStatus.Voting);
      expect(app.proposalId).to.equal(id);
      expect(await w.governor.proposalProposer(id)).to.equal(dave.address);
      await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
      await afterDeadline();
      await expect(executeProposal(w.governor, id, stranger))
        .to.emit(w.governor, "ApplicationDecided")
        .withArgs(1n, frank.address, true, await w.governor.getAddress())
        .and.to.emit(w.membership, "MemberAdded");
      expect(await w.membership.isMember(frank.address)).to.equal(true);
      expect((await w.governor.application(1n)).status).to.equal(ApplicationStatus.Accepted);
    });

    it("refuses a sponsor that is no member, an unknown application and one already sponsored", async function () {
      const w = await loadFixture(governedCluster);
      const { frank, stranger, cdc, dave } = w.signers;
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      for (const who of [stranger, cdc, frank]) {
        await expect(w.governor.connect(who).sponsorApplication(1n)).to.be.revertedWithCustomError(w.governor, "NotAMember").withArgs(who.address);
      }
      await expect(w.governor.connect(dave).sponsorApplication(2n)).to.be.revertedWithCustomError(w.governor, "UnknownApplication").withArgs(2n);
      await w.governor.connect(dave).sponsorApplication(1n);
      await expect(w.governor.connect(dave).sponsorApplication(1n))
        .to.be.revertedWithCustomError(w.governor, "ApplicationNotPending")
        .withArgs(1n, ApplicationStatus.Voting);
    });

    it("keeps one open application per applicant: refused while pending, sponsored or in its vote; free again once the vote is lost", async function () {
      const w = await loadFixture(governedCluster);
      const { frank, dave, alice, bob, carol } = w.signers;
      const again = () => w.governor.connect(frank).applyForMembership(profile("Frank Again"), Role.Participant);
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      await expect(again()).to.be.revertedWithCustomError(w.governor, "ApplicationOpen").withArgs(frank.address, 1n);
      const id = await proposalIdOf(w.governor, w.governor.connect(dave).sponsorApplication(1n));
      await expect(again()).to.be.revertedWithCustomError(w.governor, "ApplicationOpen").withArgs(frank.address, 1n);
      await voteAll(w.governor, id, [alice, bob, carol], Vote.Against);
      await afterDeadline();
      await expect(again())
        .to.emit(w.governor, "ApplicationSubmitted")
        .withArgs(2n, frank.address, anyValue, Role.Participant, AdmissionPolicy.MembersVote, 0n);
      expect(await w.governor.applicationCount()).to.equal(2n);
    });

    it("refuses an application with role None", async function () {
      const w = await loadFixture(governedCluster);
      await expect(w.governor.connect(w.signers.frank).applyForMembership(profile("Frank Labs"), Role.None))
        .to.be.revertedWithCustomError(w.membership, "InvalidRole")
        .withArgs(Role.None);
    });

    it("refuses an application by a member", async function () {
      const w = await loadFixture(governedCluster);
      await expect(w.governor.applyForMembership(profile("Again"), Role.Participant))
        .to.be.revertedWithCustomError(w.governor, "AlreadyAMember")
        .withArgs(w.signers.alice.address);
    });

    it("counts only core members' votes on an admission under CoreVote, quorum over the core", async function () {
      const w = await loadFixture(coreVoteCluster);
      const { alice, bob, dave } = voters(w);
      await w.governor.connect(w.signers.frank).applyForMembership(profile("Frank Labs"), Role.Core);
      // Under CoreVote only a core member may sponsor.
      await expect(w.governor.connect(dave).sponsorApplication(1n)).to.be.revertedWithCustomError(w.governor, "NotCoreMember").withArgs(dave.address);
      const id = await proposalIdOf(w.governor, w.governor.connect(alice).sponsorApplication(1n));
      const rules = await w.governor.proposalRules(id);
      expect(rules.coreOnly).to.equal(true);
      expect(rules.coreSeats).to.equal(3n);
      await expect(w.governor.connect(dave).castVote(id, Vote.For)).to.be.revertedWithCustomError(w.governor, "NoVotingWeight").withArgs(id, dave.address);
      await voteAll(w.governor, id, [alice, bob], Vote.For);
      await afterDeadline();
      expect(await w.governor.proposalQuorum(id)).to.equal(2n);
      await executeProposal(w.governor, id, dave);
      expect(await w.membership.roleOf(w.signers.frank.address)).to.equal(Role.Core);
      expect(await w.membership.coreCount()).to.equal(4n);
    });

    it("makes a member's admission proposal core-only too under CoreVote", async function () {
      const w = await loadFixture(coreVoteCluster);
      const id = await proposalIdOf(w.governor, kinds[0].propose(w, w.signers.dave));
      expect((await w.governor.proposalRules(id)).coreOnly).to.equal(true);
      expect((await w.governor.proposalRules(await proposalIdOf(w.governor, kinds[3].propose(w)))).coreOnly).to.equal(false);
    });

    it("keeps an application pending for the CDO, who admits the applicant (CdoDecision)", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { frank, cdo } = w.signers;
      await expect(w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant))
        .to.emit(w.governor, "ApplicationSubmitted")
        .withArgs(1n, frank.address, anyValue, Role.Participant, AdmissionPolicy.CdoDecision, 0n);
      expect((await w.governor.application(1n)).status).to.equal(ApplicationStatus.Pending);
      await expect(w.governor.connect(cdo).decideApplication(1n, true))
        .to.emit(w.governor, "ApplicationDecided")
        .withArgs(1n, frank.address, true, cdo.address)
        .and.to.emit(w.membership, "MemberAdded");
      expect(await w.membership.isMember(frank.address)).to.equal(true);
      await expect(w.governor.connect(cdo).decideApplication(1n, false))
        .to.be.revertedWithCustomError(w.governor, "ApplicationNotPending")
        .withArgs(1n, ApplicationStatus.Accepted);
    });

    it("lets the CDO refuse an application (CdoDecision)", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { frank, cdo } = w.signers;
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      await expect(w.governor.connect(cdo).decideApplication(1n, false))
        .to.emit(w.governor, "ApplicationDecided")
        .withArgs(1n, frank.address, false, cdo.address);
      expect(await w.membership.isMember(frank.address)).to.equal(false);
      expect((await w.governor.application(1n)).status).to.equal(ApplicationStatus.Refused);
    });

    it("refuses decisions by anyone but the CDO, and on unknown applications", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      const { frank, cdo, stranger } = w.signers;
      await w.governor.connect(frank).applyForMembership(profile("Frank Labs"), Role.Participant);
      await expect(w.governor.connect(stranger).decideApplication(1n, true)).to.be.revertedWithCustomError(w.governor, "NotCdo").withArgs(stranger.address);
      await expect(w.governor.connect(cdo).decideApplication(9n, true)).to.be.revertedWithCustomError(w.governor, "UnknownApplication").withArgs(9n);
    });

    it("refuses admission proposals under CdoDecision", async function () {
      const w = await loadFixture(cdoDecisionCluster);
      await expect(kinds[0].propose(w)).to.be.revertedWithCustomError(w.governor, "AdmissionPolicyForbids").withArgs(AdmissionPolicy.CdoDecision);
    });
  });

  describe("membership entry points", function () {
    it("refuses admit and expel by anyone but the cluster's governor", async function () {
      const w = await loadFixture(governedCluster);
      const { cdo, frank, erin } = w.signers;
      await expect(w.membership.connect(cdo).admit(frank.address, profile("Frank Labs"), Role.Participant))
        .to.be.revertedWithCustomError(w.membership, "NotGovernor")
        .withArgs(cdo.address);
      await expect(w.membership.connect(cdo).expel(erin.address)).to.be.revertedWithCustomError(w.membership, "NotGovernor").withArgs(cdo.address);
    });

    it("announces an expulsion and keeps the core count", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol } = voters(w);
      expect(await w.membership.coreCount()).to.equal(3n);
      const id = await proposalIdOf(w.governor, w.governor.connect(bob).proposeExpulsion(carol.address, "Expel the centre"));
      await voteAll(w.governor, id, [alice, bob, w.signers.dave], Vote.For);
      await afterDeadline();
      await expect(executeProposal(w.governor, id, alice))
        .to.emit(w.membership, "MemberRemoved")
        .withArgs(carol.address, 3n);
      expect(await w.membership.coreCount()).to.equal(2n);
    });

    it("counts core members through role changes", async function () {
      const w = await loadFixture(governedCluster);
      const membership = w.membership.connect(await asGovernorSigner(w));
      await membership.setRole(w.signers.dave.address, Role.Core);
      expect(await w.membership.coreCount()).to.equal(4n);
      await membership.setRole(w.signers.alice.address, Role.Participant);
      await membership.setRole(w.signers.bob.address, Role.Core);
      expect(await w.membership.coreCount()).to.equal(3n);
    });
  });

  describe("registry powers", function () {
    it("lets the CDC set the platform's default parameters, validated and announced", async function () {
      const w = await loadFixture(governedCluster);
      expect(paramsTuple(initiativeParams)).to.deep.equal(paramsTuple((await w.registry.defaultParams()) as never));
      const next = { ...initiativeParams, votingPeriod: 3 * DAY };
      await expect(w.registry.setDefaultParams(next)).to.emit(w.registry, "DefaultParamsChanged");
      expect((await w.registry.defaultParams()).votingPeriod).to.equal(BigInt(3 * DAY));
      await expect(w.registry.setDefaultParams({ ...next, votingPeriod: 10 }))
        .to.be.revertedWithCustomError(w.registry, "InvalidVotingPeriod")
        .withArgs(10n);
      await expect(w.registry.connect(w.signers.stranger).setDefaultParams(next))
        .to.be.revertedWithCustomError(w.registry, "AccessControlUnauthorizedAccount")
        .withArgs(w.signers.stranger.address, CDC_ROLE);
    });

    it("lets the CDC set the wind-down period, at most a year", async function () {
      const w = await loadFixture(governedCluster);
      expect(await w.registry.windDownPeriod()).to.equal(BigInt(30 * DAY));
      await expect(w.registry.setWindDownPeriod(10 * DAY))
        .to.emit(w.registry, "WindDownPeriodChanged")
        .withArgs(10 * DAY);
      await expect(w.registry.setWindDownPeriod(366 * DAY))
        .to.be.revertedWithCustomError(w.registry, "InvalidWindDownPeriod")
        .withArgs(366 * DAY);
      await expect(w.registry.connect(w.signers.stranger).setWindDownPeriod(DAY))
        .to.be.revertedWithCustomError(w.registry, "AccessControlUnauthorizedAccount")
        .withArgs(w.signers.stranger.address, CDC_ROLE);
    });

    it("lets anyone complete a dissolution only once the wind-down period has passed", async function () {
      const w = await loadFixture(governedCluster);
      const { alice, bob, carol } = voters(w);
      const id = await proposalIdOf(w.governor, kinds[4].propose(w));
      await voteAll(w.governor, id, [alice, bob, carol], Vote.For);
      await afterDeadline();
      await executeProposal(w.governor, id, alice);
      const since = await w.registry.dissolvingSince(w.clusterId);
      const asStranger = w.registry.connect(w.signers.stranger);
      await expect(asStranger.completeDissolution(w.clusterId))
        .to.be.revertedWithCustomError(w.registry, "WindDownNotOver")
        .withArgs(w.clusterId, since + BigInt(30 * DAY));
      await time.increase(30 * DAY);
      await expect(asStranger.completeDissolution(w.clusterId)).to.emit(w.registry, "StatusChanged").withArgs(w.clusterId, Status.Dissolving, Status.Dissolved);
    });

    it("refuses one cluster's governor configuring another cluster", async function () {
      const w = await loadFixture(governedCluster);
      await w.factory.createCluster({ ...w.spec, name: "Second" });
      const governor = await w.governor.getAddress();
      await networkHelpers.impersonateAccount(governor);
      await networkHelpers.setBalance(governor, 10n ** 18n);
      const asGovernor = w.registry.connect(await ethers.getSigner(governor));
      await expect(asGovernor.setServiceEnabled(w.clusterId + 1n, w.services.crm, true))
        .to.be.revertedWithCustomError(w.registry, "ClusterDecides")
        .withArgs(w.clusterId + 1n, Status.Active, governor);
      await expect(asGovernor.setServiceEnabled(w.clusterId, w.services.crm, true)).to.emit(w.registry, "ServiceEnabled");
      expect(await w.registry.componentOf(w.clusterId, GOVERNOR)).to.equal(governor);
    });
  });
});
