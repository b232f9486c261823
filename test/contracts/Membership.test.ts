import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import {
  ClusterGovernor__factory,
  MembershipHarness__factory,
  Membership__factory,
  SeatGovernorProbe__factory,
  type IMembership,
  type Membership,
} from "../../types/typechain/index.js";
import { deployBareClone } from "../../deploy/clone.js";
import { AdmissionPolicy, FlowKind, MEMBERSHIP, MemberKind, Role, Status } from "./encodings.js";
import { GOVERNOR } from "./governorCalls.js";
import { completeAfterWindDown, decideByVote, dissolveByVote } from "./dissolution.js";
import { cdoAdmitsCluster, clusterInEveryStatus, defaultParams, demoClusterCreated, demoSpec, platformDeployed } from "./fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const newcomer: IMembership.ProfileStruct = {
  name: "Foundry Newco",
  kind: MemberKind.Enterprise,
  registrationCid: "bafy-reg-newco",
  encryptionKey: "0x",
};

/** Every Membership write, as the CDO or the member concerned would make it (they are allowed in Forming/Active). */
function everyWrite(m: Membership, cdo: HardhatEthersSigner, member: HardhatEthersSigner, outsider: string) {
  return [
    { name: "addMember", call: () => m.connect(cdo).addMember(outsider, newcomer, Role.Participant) },
    { name: "setRole", call: () => m.connect(cdo).setRole(member.address, Role.Participant) },
    {
      name: "updateProfile",
      call: () => m.connect(member).updateProfile(member.address, "Renamed", MemberKind.Other, "bafy-x"),
    },
    { name: "setEncryptionKey", call: () => m.connect(member).setEncryptionKey("0x1234") },
    { name: "addPartner", call: () => m.connect(cdo).addPartner("Late Partner") },
    { name: "addLink", call: () => m.connect(cdo).addLink(2, 3, FlowKind.Service, true) },
    { name: "removeLink", call: () => m.connect(cdo).removeLink(1) },
  ];
}

/** A Forming cluster whose Membership is the test harness (with a way out), founded by Alice and Bob. */
async function harnessClusterFormed(connection: Parameters<typeof clusterInEveryStatus>[0]) {
  const world = await clusterInEveryStatus(connection);
  const { registry, ids, signers } = world;
  const impl = await new MembershipHarness__factory(signers.cdc).deploy(await registry.getAddress());
  const clone = await deployBareClone(signers.cdc, await impl.getAddress());
  const harness = MembershipHarness__factory.connect(clone.address, signers.cdo);
  const founder = (account: string, role: bigint) => ({ account, profile: newcomer, role });
  // The CDC configures a cluster while it is set up: here its CDO admits (CdoDecision).
  await registry.setSecurityParams(ids.Forming, { ...defaultParams, admissionPolicy: AdmissionPolicy.CdoDecision });
  await harness.initialize(
    await registry.getAddress(),
    ids.Forming,
    [founder(signers.alice.address, Role.Core), founder(signers.bob.address, Role.Participant)],
    [],
    [],
  );
  return { ...world, harness, foundedAt: await time.latest() };
}

/** Governor.ProposalState as the ABI returns it. */
const ProposalState = { Pending: 0n, Active: 1n, Defeated: 3n, Succeeded: 4n, Executed: 7n } as const;
const VoteType = { Against: 0n, For: 1n, Abstain: 2n } as const;

/** Governor.propose's arguments: targets, values, calldatas, description. */
type Proposal = [string[], bigint[], string[], string];
/** The same with the description hashed, as hashProposal and execute take it. */
const hashed = ([targets, values, calldatas, description]: Proposal): Proposal => [targets, values, calldatas, ethers.id(description)];

describe("Membership", function () {
  describe("initialisation", function () {
    it("admits the founders in order with node ids from 1, then numbers the partners", async function () {
      const { membership, spec, signers } = await loadFixture(cdoAdmitsCluster);
      const { alice, bob, carol, dave, erin } = signers;
      for (const [i, who] of [alice, bob, carol, dave, erin].entries()) {
        const m = await membership.member(who.address);
        expect(m.nodeId).to.equal(BigInt(i + 1));
        expect(m.kind).to.equal(spec.founders[i].profile.kind);
        expect(m.role).to.equal(spec.founders[i].role);
        expect(await membership.ownerOf(i + 1)).to.equal(who.address);
      }
      expect(await membership.roleOf(alice.address)).to.equal(Role.Core);
      expect(await membership.roleOf(dave.address)).to.equal(Role.Participant);
      expect(await membership.nodeCount()).to.equal(7n);
      const link = await membership.link(4);
      expect([link.from, link.to, link.kind, link.clusterActivity, link.active]).to.deep.equal([1n, 6n, FlowKind.Material, false, true]);
    });

    it("announces founders, their keys, partners and links", async function () {
      const p = await loadFixture(platformDeployed);
      const tx = await p.factory.createCluster(demoSpec(p));
      const m = Membership__factory.connect(await p.registry.componentOf(1n, MEMBERSHIP), p.signers.cdo);
      const { alice } = p.signers;
      await expect(tx).to.emit(m, "MemberAdded").withArgs(alice.address, 1n, "Ural Works", MemberKind.Enterprise, Role.Core, "bafy-reg-ural-works");
      await expect(tx).to.emit(m, "EncryptionKeySet").withArgs(alice.address, "0xa11ce0");
      await expect(tx).to.emit(m, "PartnerAdded").withArgs(6n, "Export Buyer GmbH");
      await expect(tx).to.emit(m, "PartnerAdded").withArgs(7n, "Regional Bank");
      await expect(tx).to.emit(m, "LinkAdded").withArgs(5n, 7n, 2n, FlowKind.Service, false);
    });

    it("refuses a second initialisation of a clone", async function () {
      const { membership, registry, clusterId } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.initialize(await registry.getAddress(), clusterId, [], [], [])).to.be.revertedWithCustomError(
        membership,
        "InvalidInitialization",
      );
    });

    it("refuses to initialise the implementation itself", async function () {
      const { membershipImpl, registry, ids } = await loadFixture(clusterInEveryStatus);
      await expect(membershipImpl.initialize(await registry.getAddress(), ids.Forming, [], [], [])).to.be.revertedWithCustomError(
        membershipImpl,
        "InvalidInitialization",
      );
    });

    it("initialises a fresh clone only for a cluster that is Forming or an Initiative", async function () {
      const { membershipImpl, registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      const clone = Membership__factory.connect((await deployBareClone(signers.stranger, await membershipImpl.getAddress())).address, signers.stranger);
      const reg = await registry.getAddress();
      for (const status of ["Voting", "Active", "Dissolving", "Dissolved", "Rejected"] as const) {
        await expect(clone.initialize(reg, ids[status], [], [], []))
          .to.be.revertedWithCustomError(clone, "ClusterNotWritable")
          .withArgs(ids[status], Status[status]);
      }
      await expect(clone.initialize(reg, 99n, [], [], []))
        .to.be.revertedWithCustomError(clone, "ClusterNotWritable")
        .withArgs(99n, Status.None);
      await expect(clone.initialize(ethers.ZeroAddress, ids.Forming, [], [], []))
        .to.be.revertedWithCustomError(clone, "ForeignRegistry")
        .withArgs(ethers.ZeroAddress, reg);
      await clone.initialize(reg, ids.Forming, [], ["Partner"], []);
      expect(await clone.nodeCount()).to.equal(1n);
    });

    it("refuses invalid founders: zero account, duplicate, role None, empty name", async function () {
      const { membershipImpl, registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      const clone = Membership__factory.connect((await deployBareClone(signers.stranger, await membershipImpl.getAddress())).address, signers.stranger);
      const reg = await registry.getAddress();
      const founder = (account: string, role: bigint = Role.Core, name = "A") => ({
        account,
        profile: { ...newcomer, name },
        role,
      });
      const alice = signers.alice.address;
      await expect(clone.initialize(reg, ids.Forming, [founder(ethers.ZeroAddress)], [], [])).to.be.revertedWithCustomError(clone, "ZeroAddress");
      await expect(clone.initialize(reg, ids.Forming, [founder(alice), founder(alice)], [], []))
        .to.be.revertedWithCustomError(clone, "AlreadyMember")
        .withArgs(alice);
      await expect(clone.initialize(reg, ids.Forming, [founder(alice, Role.None)], [], []))
        .to.be.revertedWithCustomError(clone, "InvalidRole")
        .withArgs(Role.None);
      await expect(clone.initialize(reg, ids.Forming, [founder(alice, Role.Core, "")], [], [])).to.be.revertedWithCustomError(clone, "EmptyName");
      await expect(clone.initialize(reg, ids.Forming, [], [""], [])).to.be.revertedWithCustomError(clone, "EmptyName");
      await expect(clone.initialize(reg, ids.Forming, [founder(alice)], ["P"], [{ from: 2, to: 3, kind: 0, clusterActivity: true }]))
        .to.be.revertedWithCustomError(clone, "UnknownNode")
        .withArgs(3n);
    });
  });

  describe("seats", function () {
    it("gives each founder exactly one vote, delegated to itself", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      for (const who of [signers.alice, signers.bob, signers.carol, signers.dave, signers.erin]) {
        expect(await membership.balanceOf(who.address)).to.equal(1n);
        expect(await membership.getVotes(who.address)).to.equal(1n);
        expect(await membership.delegates(who.address)).to.equal(who.address);
      }
      expect(await membership.getVotes(signers.cdo.address)).to.equal(0n);
    });

    it("counts votes on the timestamp clock", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      expect(await membership.CLOCK_MODE()).to.equal("mode=timestamp");
      const now = await time.latest();
      expect(await membership.clock()).to.equal(BigInt(now));
      await time.increase(60);
      expect(await membership.getPastVotes(signers.alice.address, now)).to.equal(1n);
      expect(await membership.getPastTotalSupply(now)).to.equal(5n);
    });

    it("names the seat token", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      expect(await membership.name()).to.equal("Cluster Seat");
      expect(await membership.symbol()).to.equal("SEAT");
    });

    it("refuses transferFrom and both safeTransferFrom, even by the seat's holder", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const { alice, bob } = signers;
      const asAlice = membership.connect(alice);
      await expect(asAlice.transferFrom(alice.address, bob.address, 1))
        .to.be.revertedWithCustomError(membership, "SeatNotTransferable")
        .withArgs(1n);
      await expect(asAlice["safeTransferFrom(address,address,uint256)"](alice.address, bob.address, 1))
        .to.be.revertedWithCustomError(membership, "SeatNotTransferable")
        .withArgs(1n);
      await expect(asAlice["safeTransferFrom(address,address,uint256,bytes)"](alice.address, bob.address, 1, "0x"))
        .to.be.revertedWithCustomError(membership, "SeatNotTransferable")
        .withArgs(1n);
      await expect(asAlice.transferFrom(alice.address, bob.address, 42))
        .to.be.revertedWithCustomError(membership, "SeatNotTransferable")
        .withArgs(42n);
      expect(await membership.ownerOf(1)).to.equal(alice.address);
    });

    it("refuses approve and setApprovalForAll", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const asAlice = membership.connect(signers.alice);
      await expect(asAlice.approve(signers.bob.address, 1)).to.be.revertedWithCustomError(membership, "SeatNotTransferable").withArgs(1n);
      await expect(asAlice.setApprovalForAll(signers.bob.address, true)).to.be.revertedWithCustomError(membership, "SeatNotTransferable").withArgs(0n);
    });

    it("keeps each seat delegated to its holder: delegating to another member is refused", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const { alice, bob } = signers;
      await expect(membership.connect(alice).delegate(bob.address))
        .to.be.revertedWithCustomError(membership, "DelegationLocked")
        .withArgs(alice.address, bob.address);
      await expect(membership.connect(alice).delegate(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(membership, "DelegationLocked")
        .withArgs(alice.address, ethers.ZeroAddress);
      await membership.connect(alice).delegate(alice.address);
      expect(await membership.getVotes(alice.address)).to.equal(1n);
      expect(await membership.getVotes(bob.address)).to.equal(1n);
    });

    it("accepts a non-member delegating to itself as a no-op: it still has no delegate and no vote", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const { stranger } = signers;
      // delegate() is a view now: send it as a transaction anyway, as a wallet would.
      const receipt = await (await membership.connect(stranger).delegate.send(stranger.address)).wait();
      expect(receipt?.status).to.equal(1);
      expect(receipt?.logs).to.have.length(0);
      expect(await membership.delegates(stranger.address)).to.equal(ethers.ZeroAddress);
      expect(await membership.getVotes(stranger.address)).to.equal(0n);
    });

    it("refuses delegation by signature, even to oneself: the signature is not read", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const { alice } = signers;
      await expect(membership.delegateBySig(alice.address, 0, 2n ** 40n, 27, ethers.ZeroHash, ethers.ZeroHash))
        .to.be.revertedWithCustomError(membership, "DelegationLocked")
        .withArgs(ethers.ZeroAddress, alice.address);
    });

    it("gives a newcomer no vote before the second it is admitted and one vote from then on", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const frank = signers.frank.address;
      const founded = await time.latest();
      await time.increase(60);
      await membership.addMember(frank, newcomer, Role.Participant);
      const admitted = await time.latest();
      await time.increase(60);
      expect(await membership.getPastVotes(frank, founded)).to.equal(0n);
      expect(await membership.getPastVotes(frank, admitted - 1)).to.equal(0n);
      expect(await membership.getPastVotes(frank, admitted)).to.equal(1n);
      expect(await membership.getPastVotes(frank, admitted + 30)).to.equal(1n);
      expect(await membership.getPastVotes(signers.alice.address, founded)).to.equal(1n);
      expect(await membership.getPastVotes(signers.alice.address, founded - 1)).to.equal(0n);
      expect(await membership.getPastVotes(signers.stranger.address, admitted)).to.equal(0n);
      expect(await membership.getVotes(frank)).to.equal(1n);
      expect(await membership.delegates(frank)).to.equal(frank);
      expect(await membership.delegates(signers.stranger.address)).to.equal(ethers.ZeroAddress);
    });

    it("counts past total supply per second: founders admitted together, newcomers in later blocks", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const address = await membership.getAddress();
      const founded = await time.latest();
      // White-box: slot 0 holds the length of the seat-count trace; the five founders share one checkpoint.
      expect(BigInt(await ethers.provider.getStorage(address, 0))).to.equal(1n);
      await time.increase(10);
      await membership.addMember(signers.frank.address, newcomer, Role.Participant);
      const first = await time.latest();
      await time.increase(10);
      await membership.addMember(signers.stranger.address, newcomer, Role.Core);
      const second = await time.latest();
      await time.increase(10);
      expect(BigInt(await ethers.provider.getStorage(address, 0))).to.equal(3n);
      expect(await membership.getPastTotalSupply(founded - 1)).to.equal(0n);
      expect(await membership.getPastTotalSupply(founded)).to.equal(5n);
      expect(await membership.getPastTotalSupply(first - 1)).to.equal(5n);
      expect(await membership.getPastTotalSupply(first)).to.equal(6n);
      expect(await membership.getPastTotalSupply(second)).to.equal(7n);
      expect(await membership.memberCount()).to.equal(7n);
    });

    it("refuses to look up votes or total supply now or in the future, like OpenZeppelin's Votes", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const later = (await time.latest()) + 3600;
      await expect(membership.getPastVotes(signers.alice.address, later))
        .to.be.revertedWithCustomError(membership, "ERC5805FutureLookup")
        .withArgs(later, anyValue);
      await expect(membership.getPastTotalSupply(later)).to.be.revertedWithCustomError(membership, "ERC5805FutureLookup").withArgs(later, anyValue);
      const now = await membership.clock();
      await expect(membership.getPastTotalSupply(now)).to.be.revertedWithCustomError(membership, "ERC5805FutureLookup").withArgs(now, now);
    });

    it("answers the ERC-721 views from the member slots: balances, owners, approvals, metadata", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const { alice, stranger } = signers;
      expect(await membership.balanceOf(stranger.address)).to.equal(0n);
      await expect(membership.balanceOf(ethers.ZeroAddress)).to.be.revertedWithCustomError(membership, "ERC721InvalidOwner").withArgs(ethers.ZeroAddress);
      expect(await membership.getApproved(1)).to.equal(ethers.ZeroAddress);
      expect(await membership.isApprovedForAll(alice.address, stranger.address)).to.equal(false);
      expect(await membership.tokenURI(1)).to.equal("");
      expect(await membership.locked(1)).to.equal(true);
      // 6 is a partner's node, 8 unused, 2^64 + 1 would alias node 1 if truncated to uint64.
      for (const id of [0n, 6n, 8n, 2n ** 64n + 1n]) {
        for (const view of [membership.ownerOf, membership.getApproved, membership.tokenURI, membership.locked]) {
          await expect(view(id)).to.be.revertedWithCustomError(membership, "ERC721NonexistentToken").withArgs(id);
        }
      }
    });

    it("declares ERC-165, ERC-721, ERC-721 metadata and ERC-5192 and nothing else", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      for (const id of ["0x01ffc9a7", "0x80ac58cd", "0x5b5e139f", "0xb45a3c0e"]) {
        expect(await membership.supportsInterface(id), id).to.equal(true);
      }
      for (const id of ["0xffffffff", "0x780e9d63", "0x00000000"]) {
        expect(await membership.supportsInterface(id), id).to.equal(false);
      }
      expect(ethers.id("locked(uint256)").slice(0, 10)).to.equal("0xb45a3c0e");
    });

    it("announces each founder's seat with the events of a locked, self-delegated ERC721Votes mint", async function () {
      const p = await loadFixture(platformDeployed);
      const tx = await p.factory.createCluster(demoSpec(p));
      const m = Membership__factory.connect(await p.registry.componentOf(1n, MEMBERSHIP), p.signers.cdo);
      for (const [i, who] of [p.signers.alice, p.signers.bob, p.signers.carol, p.signers.dave, p.signers.erin].entries()) {
        const id = BigInt(i + 1);
        await expect(tx).to.emit(m, "Transfer").withArgs(ethers.ZeroAddress, who.address, id);
        await expect(tx).to.emit(m, "Locked").withArgs(id);
        await expect(tx).to.emit(m, "DelegateChanged").withArgs(who.address, ethers.ZeroAddress, who.address);
        await expect(tx).to.emit(m, "DelegateVotesChanged").withArgs(who.address, 0n, 1n);
      }
    });
  });

  describe("leaving and returning (test harness until expulsion exists)", function () {
    it("records a leave: no vote or seat from then on, the vote before it kept, the count lowered", async function () {
      const { harness, foundedAt, signers } = await loadFixture(harnessClusterFormed);
      const bob = signers.bob.address;
      await time.increase(60);
      await expect(harness.removeMember(bob))
        .to.emit(harness, "Transfer")
        .withArgs(bob, ethers.ZeroAddress, 2n)
        .and.to.emit(harness, "DelegateChanged")
        .withArgs(bob, bob, ethers.ZeroAddress)
        .and.to.emit(harness, "DelegateVotesChanged")
        .withArgs(bob, 1n, 0n)
        .and.to.emit(harness, "MemberRoleChanged")
        .withArgs(bob, Role.Participant, Role.None);
      const left = await time.latest();
      await time.increase(60);
      expect(await harness.isMember(bob)).to.equal(false);
      expect(await harness.getVotes(bob)).to.equal(0n);
      expect(await harness.balanceOf(bob)).to.equal(0n);
      expect(await harness.delegates(bob)).to.equal(ethers.ZeroAddress);
      expect(await harness.memberCount()).to.equal(1n);
      await expect(harness.ownerOf(2)).to.be.revertedWithCustomError(harness, "ERC721NonexistentToken").withArgs(2n);
      expect(await harness.getPastVotes(bob, foundedAt - 1)).to.equal(0n);
      expect(await harness.getPastVotes(bob, foundedAt)).to.equal(1n);
      expect(await harness.getPastVotes(bob, left - 1)).to.equal(1n);
      expect(await harness.getPastVotes(bob, left)).to.equal(0n);
      expect(await harness.getPastTotalSupply(left - 1)).to.equal(2n);
      expect(await harness.getPastTotalSupply(left)).to.equal(1n);
      expect(await harness.getPastVotes(signers.alice.address, left)).to.equal(1n);
    });

    it("answers roles of every stint as of a past time: left, back with another role, promoted", async function () {
      const { harness, foundedAt, signers } = await loadFixture(harnessClusterFormed);
      const alice = signers.alice.address;
      const stamp = async () => {
        const t = await time.latest();
        await time.increase(60);
        return t;
      };
      await time.increase(60);
      await harness.removeMember(alice); // core, no role history written
      const left = await stamp();
      await harness.addMember(alice, newcomer, Role.Participant); // back with another role
      const back = await stamp();
      expect(await harness.roleAt(alice, foundedAt - 1)).to.equal(Role.None);
      expect(await harness.roleAt(alice, foundedAt)).to.equal(Role.Core);
      expect(await harness.roleAt(alice, left - 1)).to.equal(Role.Core);
      expect(await harness.roleAt(alice, left)).to.equal(Role.None);
      expect(await harness.roleAt(alice, back - 1)).to.equal(Role.None);
      expect(await harness.roleAt(alice, back)).to.equal(Role.Participant);
      // Bob left and came back as what he was: still no history, the one role all along.
      await harness.removeMember(signers.bob.address);
      const bobLeft = await stamp();
      await harness.addMember(signers.bob.address, newcomer, Role.Participant);
      const bobBack = await stamp();
      expect(await harness.roleAt(signers.bob.address, bobLeft - 1)).to.equal(Role.Participant);
      expect(await harness.roleAt(signers.bob.address, bobLeft)).to.equal(Role.None);
      expect(await harness.roleAt(signers.bob.address, bobBack)).to.equal(Role.Participant);
    });

    it("lets a former member return with a new seat and keeps the history of every stint", async function () {
      const { harness, foundedAt, signers } = await loadFixture(harnessClusterFormed);
      const bob = signers.bob.address;
      const stamp = async () => {
        const t = await time.latest();
        await time.increase(60);
        return t;
      };
      await time.increase(60);
      await harness.removeMember(bob);
      const left = await stamp();
      await expect(harness.addMember(bob, newcomer, Role.Core))
        .to.emit(harness, "Transfer")
        .withArgs(ethers.ZeroAddress, bob, 3n);
      const back = await stamp();
      expect(await harness.ownerOf(3)).to.equal(bob);
      await expect(harness.ownerOf(2)).to.be.revertedWithCustomError(harness, "ERC721NonexistentToken").withArgs(2n);
      expect(await harness.getPastVotes(bob, back)).to.equal(1n);
      expect(await harness.getPastVotes(bob, back - 1)).to.equal(0n);
      await harness.removeMember(bob);
      const leftAgain = await stamp();
      const expected: [number, bigint][] = [
        [foundedAt - 1, 0n],
        [foundedAt, 1n],
        [left - 1, 1n],
        [left, 0n],
        [back - 1, 0n],
        [back, 1n],
        [leftAgain - 1, 1n],
        [leftAgain, 0n],
      ];
      for (const [t, votes] of expected) {
        expect(await harness.getPastVotes(bob, t), `votes at ${t}`).to.equal(votes);
        expect(await harness.getPastTotalSupply(t), `supply at ${t}`).to.equal(t < foundedAt ? 0n : 1n + votes);
      }
    });

    it("counts a member admitted and removed in the same second as never having voted", async function () {
      const { harness, signers } = await loadFixture(harnessClusterFormed);
      const frank = signers.frank.address;
      await time.increase(60);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        await harness.addMember(frank, newcomer, Role.Participant);
        await harness.removeMember(frank);
        await networkHelpers.mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const both = await time.latest();
      await time.increase(60);
      expect(await harness.memberCount()).to.equal(2n);
      expect(await harness.getPastVotes(frank, both)).to.equal(0n);
      expect(await harness.getPastTotalSupply(both)).to.equal(2n);
    });

    it("refuses to remove an account that holds no seat", async function () {
      const { harness, signers } = await loadFixture(harnessClusterFormed);
      await expect(harness.removeMember(signers.frank.address)).to.be.revertedWithCustomError(harness, "NotMember").withArgs(signers.frank.address);
    });
  });

  describe("OpenZeppelin Governor reading the seats", function () {
    it("lets members propose and carry a proposal with one vote per seat; outsiders and latecomers weigh 0", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const { alice, bob, carol, dave, stranger, frank } = signers;
      const governor = await new SeatGovernorProbe__factory(signers.cdc).deploy(await membership.getAddress());
      expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await governor.clock()).to.equal(BigInt(await time.latest()));

      // A call to the governor's own receive(): harmless, so the proposal can also be executed.
      const proposal: Proposal = [[await governor.getAddress()], [0n], ["0x"], "Adopt the cluster's charter"];
      await expect(governor.connect(stranger).propose(...proposal))
        .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
        .withArgs(stranger.address, 0n, 1n);
      await governor.connect(alice).propose(...proposal);
      const id = await governor.hashProposal(...hashed(proposal));
      const snapshot = await governor.proposalSnapshot(id);

      await membership.addMember(frank.address, newcomer, Role.Core);
      expect(await governor.quorum(snapshot)).to.equal(2n);
      expect(await governor.state(id)).to.equal(ProposalState.Active);
      for (const [who, support, weight] of [
        [alice, VoteType.For, 1n],
        [bob, VoteType.For, 1n],
        [dave, VoteType.Against, 1n],
        [carol, VoteType.Abstain, 1n],
        [stranger, VoteType.Against, 0n],
        [frank, VoteType.Against, 0n],
      ] as const) {
        await expect(governor.connect(who).castVote(id, support)).to.emit(governor, "VoteCast").withArgs(who.address, id, support, weight, "");
      }
      expect(await governor.proposalVotes(id)).to.deep.equal([1n, 2n, 1n]);

      await time.increase(await governor.votingPeriod());
      expect(await governor.state(id)).to.equal(ProposalState.Succeeded);
      await governor.execute(...hashed(proposal));
      expect(await governor.state(id)).to.equal(ProposalState.Executed);
    });

    it("defeats a proposal that misses quorum", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const governor = await new SeatGovernorProbe__factory(signers.cdc).deploy(await membership.getAddress());
      const proposal: Proposal = [[await governor.getAddress()], [0n], ["0x"], "Too few hands"];
      await governor.connect(signers.alice).propose(...proposal);
      const id = await governor.hashProposal(...hashed(proposal));
      await governor.connect(signers.alice).castVote(id, VoteType.For);
      await time.increase(await governor.votingPeriod());
      expect(await governor.state(id)).to.equal(ProposalState.Defeated);
    });
  });

  describe("addMember", function () {
    it("lets the CDO admit a member with the next node id, a seat and one vote", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const frank = signers.frank.address;
      await expect(membership.addMember(frank, newcomer, Role.Participant))
        .to.emit(membership, "MemberAdded")
        .withArgs(frank, 8n, newcomer.name, newcomer.kind, Role.Participant, newcomer.registrationCid);
      expect(await membership.isMember(frank)).to.equal(true);
      expect(await membership.memberCount()).to.equal(6n);
      expect(await membership.ownerOf(8)).to.equal(frank);
      expect(await membership.getVotes(frank)).to.equal(1n);
      const m = await membership.member(frank);
      expect(m.joinedAt).to.equal(BigInt(await time.latest()));
    });

    it("mints the newcomer's seat locked and self-delegated, with the standard events", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const frank = signers.frank.address;
      await expect(membership.addMember(frank, newcomer, Role.Participant))
        .to.emit(membership, "Transfer")
        .withArgs(ethers.ZeroAddress, frank, 8n)
        .and.to.emit(membership, "Locked")
        .withArgs(8n)
        .and.to.emit(membership, "DelegateChanged")
        .withArgs(frank, ethers.ZeroAddress, frank)
        .and.to.emit(membership, "DelegateVotesChanged")
        .withArgs(frank, 0n, 1n);
      expect(await membership.balanceOf(frank)).to.equal(1n);
      expect(await membership.locked(8)).to.equal(true);
    });

    it("announces an encryption key given with the profile", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addMember(signers.frank.address, { ...newcomer, encryptionKey: "0xbeef" }, Role.Core))
        .to.emit(membership, "EncryptionKeySet")
        .withArgs(signers.frank.address, "0xbeef");
    });

    it("refuses anyone but the CDO, including the CDC and core members", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      for (const who of [signers.cdc, signers.alice, signers.stranger]) {
        await expect(membership.connect(who).addMember(signers.frank.address, newcomer, Role.Participant))
          .to.be.revertedWithCustomError(membership, "NotCdo")
          .withArgs(who.address);
      }
    });

    it("refuses an existing member, a zero account, role None and an empty name", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addMember(signers.bob.address, newcomer, Role.Core))
        .to.be.revertedWithCustomError(membership, "AlreadyMember")
        .withArgs(signers.bob.address);
      await expect(membership.addMember(ethers.ZeroAddress, newcomer, Role.Core)).to.be.revertedWithCustomError(membership, "ZeroAddress");
      await expect(membership.addMember(signers.frank.address, newcomer, Role.None))
        .to.be.revertedWithCustomError(membership, "InvalidRole")
        .withArgs(Role.None);
      await expect(membership.addMember(signers.frank.address, { ...newcomer, name: "" }, Role.Core)).to.be.revertedWithCustomError(membership, "EmptyName");
    });

    it("refuses the CDO's addMember under the vote policies with AdmissionPolicyForbids", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.addMember(signers.frank.address, newcomer, Role.Participant))
        .to.be.revertedWithCustomError(membership, "AdmissionPolicyForbids")
        .withArgs(AdmissionPolicy.MembersVote);
      expect(await membership.isMember(signers.frank.address)).to.equal(false);
    });

    it("follows the registry's CDO: after a hand-over the old CDO is refused and the new one obeyed", async function () {
      const w = await loadFixture(cdoAdmitsCluster);
      const { membership, clusterId, signers } = w;
      await decideByVote(w, clusterId, (g) => g.proposeCdo(signers.frank.address, "New CDO"));
      await expect(membership.addPartner("P")).to.be.revertedWithCustomError(membership, "NotCdo").withArgs(signers.cdo.address);
      await expect(membership.connect(signers.frank).addPartner("P")).to.emit(membership, "PartnerAdded").withArgs(8n, "P");
    });
  });

  describe("setRole", function () {
    it("moves a member between participant and core by a passed role proposal", async function () {
      const w = await loadFixture(cdoAdmitsCluster);
      const { membership, clusterId, signers } = w;
      const { executed } = await decideByVote(w, clusterId, (g) => g.proposeRole(signers.dave.address, Role.Core, "Dave to core"));
      await expect(executed).to.emit(membership, "MemberRoleChanged").withArgs(signers.dave.address, Role.Participant, Role.Core);
      expect(await membership.roleOf(signers.dave.address)).to.equal(Role.Core);
      expect(await membership.coreCount()).to.equal(4n);
    });

    it("refuses the CDO, the CDC and a member setting a role directly, with NotGovernor", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      for (const who of [signers.cdo, signers.cdc, signers.dave]) {
        await expect(membership.connect(who).setRole(signers.dave.address, Role.Core))
          .to.be.revertedWithCustomError(membership, "NotGovernor")
          .withArgs(who.address);
      }
    });

    it("refuses a role proposal for role None or a non-member", async function () {
      const w = await loadFixture(cdoAdmitsCluster);
      const governor = ClusterGovernor__factory.connect(await w.registry.componentOf(w.clusterId, GOVERNOR), w.signers.alice);
      await expect(governor.proposeRole(w.signers.dave.address, Role.None, "None"))
        .to.be.revertedWithCustomError(w.membership, "InvalidRole")
        .withArgs(Role.None);
      await expect(governor.proposeRole(w.signers.frank.address, Role.Core, "Frank"))
        .to.be.revertedWithCustomError(governor, "NotAMember")
        .withArgs(w.signers.frank.address);
    });

    it("answers roles as of a past time: the role since joining without history, each change with it", async function () {
      const w = await loadFixture(cdoAdmitsCluster);
      const { membership, clusterId, signers } = w;
      const joined = (await membership.member(signers.dave.address)).joinedAt;
      await time.increase(1);
      expect(await membership.roleAt(signers.dave.address, joined - 1n)).to.equal(Role.None);
      expect(await membership.roleAt(signers.dave.address, joined)).to.equal(Role.Participant);
      const { executed } = await decideByVote(w, clusterId, (g) => g.proposeRole(signers.dave.address, Role.Core, "Dave to core"));
      const changedAt = BigInt((await ethers.provider.getBlock((await (await executed).wait())!.blockNumber))!.timestamp);
      await time.increase(1);
      expect(await membership.roleAt(signers.dave.address, changedAt - 1n)).to.equal(Role.Participant);
      expect(await membership.roleAt(signers.dave.address, changedAt)).to.equal(Role.Core);
      expect(await membership.roleAt(signers.alice.address, changedAt)).to.equal(Role.Core);
      const now = BigInt(await time.latest());
      await expect(membership.roleAt(signers.dave.address, now + 1n)).to.be.revertedWithCustomError(membership, "ERC5805FutureLookup");
    });
  });

  describe("updateProfile", function () {
    it("lets a member update its own profile: the kind is kept on chain, the rest in the event", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const alice = signers.alice.address;
      await expect(membership.connect(signers.alice).updateProfile(alice, "Ural Works JSC", MemberKind.Other, "bafy-new"))
        .to.emit(membership, "ProfileUpdated")
        .withArgs(alice, "Ural Works JSC", MemberKind.Other, "bafy-new");
      expect((await membership.member(alice)).kind).to.equal(MemberKind.Other);
    });

    it("refuses the CDO, another member and the CDC rewriting a member's profile, a non-member and an empty name", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      for (const who of [signers.cdo, signers.bob, signers.cdc]) {
        await expect(membership.connect(who).updateProfile(signers.alice.address, "X", MemberKind.Other, ""))
          .to.be.revertedWithCustomError(membership, "NotProfileOwner")
          .withArgs(who.address, signers.alice.address);
      }
      await expect(membership.updateProfile(signers.frank.address, "X", MemberKind.Other, ""))
        .to.be.revertedWithCustomError(membership, "NotMember")
        .withArgs(signers.frank.address);
      await expect(membership.connect(signers.alice).updateProfile(signers.alice.address, "", MemberKind.Other, "")).to.be.revertedWithCustomError(
        membership,
        "EmptyName",
      );
    });
  });

  describe("setEncryptionKey", function () {
    it("lets a member set its own key", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      const key = ethers.hexlify(ethers.randomBytes(33));
      await expect(membership.connect(signers.bob).setEncryptionKey(key)).to.emit(membership, "EncryptionKeySet").withArgs(signers.bob.address, key);
    });

    it("refuses a non-member, including the CDO", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      for (const who of [signers.stranger, signers.cdo]) {
        await expect(membership.connect(who).setEncryptionKey("0x12")).to.be.revertedWithCustomError(membership, "NotMember").withArgs(who.address);
      }
    });
  });

  describe("partners and links", function () {
    it("lets the CDO add a partner with the next node id", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addPartner("Steel Importer")).to.emit(membership, "PartnerAdded").withArgs(8n, "Steel Importer");
      expect(await membership.nodeCount()).to.equal(8n);
    });

    it("refuses an empty partner name and anyone but the CDO", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addPartner("")).to.be.revertedWithCustomError(membership, "EmptyName");
      await expect(membership.connect(signers.alice).addPartner("X")).to.be.revertedWithCustomError(membership, "NotCdo").withArgs(signers.alice.address);
    });

    it("adds a link between a member and a partner", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addLink(6, 2, FlowKind.Intellectual, false))
        .to.emit(membership, "LinkAdded")
        .withArgs(6n, 6n, 2n, FlowKind.Intellectual, false);
      expect(await membership.linkCount()).to.equal(6n);
      const l = await membership.link(6);
      expect([l.from, l.to, l.kind, l.clusterActivity, l.active]).to.deep.equal([6n, 2n, FlowKind.Intellectual, false, true]);
    });

    it("refuses endpoints that are not nodes", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addLink(0, 1, FlowKind.Material, true))
        .to.be.revertedWithCustomError(membership, "UnknownNode")
        .withArgs(0n);
      await expect(membership.addLink(1, 8, FlowKind.Material, true))
        .to.be.revertedWithCustomError(membership, "UnknownNode")
        .withArgs(8n);
    });

    it("refuses a link from a node to itself", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addLink(2, 2, FlowKind.Material, true))
        .to.be.revertedWithCustomError(membership, "SelfLink")
        .withArgs(2n);
    });

    it("refuses a link between two partners", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.addLink(6, 7, FlowKind.Service, false))
        .to.be.revertedWithCustomError(membership, "PartnersOnlyLink")
        .withArgs(6n, 7n);
    });

    it("refuses links by anyone but the CDO", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      for (const who of [signers.cdc, signers.alice]) {
        await expect(membership.connect(who).addLink(1, 2, FlowKind.Material, true))
          .to.be.revertedWithCustomError(membership, "NotCdo")
          .withArgs(who.address);
        await expect(membership.connect(who).removeLink(1)).to.be.revertedWithCustomError(membership, "NotCdo").withArgs(who.address);
      }
    });

    it("removes a link, keeping it readable as inactive", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.removeLink(2)).to.emit(membership, "LinkRemoved").withArgs(2n);
      expect((await membership.link(2)).active).to.equal(false);
      expect(await membership.linkCount()).to.equal(5n);
    });

    it("refuses to remove an unknown or already removed link", async function () {
      const { membership } = await loadFixture(cdoAdmitsCluster);
      for (const id of [0n, 6n]) {
        await expect(membership.removeLink(id)).to.be.revertedWithCustomError(membership, "UnknownLink").withArgs(id);
      }
      await membership.removeLink(1);
      await expect(membership.removeLink(1)).to.be.revertedWithCustomError(membership, "UnknownLink").withArgs(1n);
      await expect(membership.link(6)).to.be.revertedWithCustomError(membership, "UnknownLink").withArgs(6n);
    });
  });

  describe("views", function () {
    it("reverts member() for a non-member and reports it as such", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      await expect(membership.member(signers.stranger.address)).to.be.revertedWithCustomError(membership, "NotMember").withArgs(signers.stranger.address);
      expect(await membership.isMember(signers.stranger.address)).to.equal(false);
      expect(await membership.roleOf(signers.stranger.address)).to.equal(Role.None);
    });
  });

  describe("writes and the cluster's life cycle", function () {
    for (const [status, steps] of [
      ["Dissolving", 1],
      ["Dissolved", 2],
    ] as const) {
      it(`refuses every write once the cluster is ${status}`, async function () {
        const w = await loadFixture(cdoAdmitsCluster);
        const { membership, clusterId, signers } = w;
        await dissolveByVote(w, clusterId);
        if (steps === 2) await completeAfterWindDown(w, clusterId);
        for (const write of everyWrite(membership, signers.cdo, signers.dave, signers.frank.address)) {
          await expect(write.call(), write.name).to.be.revertedWithCustomError(membership, "ClusterNotWritable").withArgs(clusterId, Status[status]);
        }
      });
    }

    it("accepts every write while the cluster is Active", async function () {
      const { membership, signers } = await loadFixture(cdoAdmitsCluster);
      // setRole is the governor's (a passed proposal), tested under "setRole".
      for (const write of everyWrite(membership, signers.cdo, signers.dave, signers.frank.address).filter((x) => x.name !== "setRole")) {
        await (await write.call()).wait();
      }
      expect(await membership.memberCount()).to.equal(6n);
      expect(await membership.linkCount()).to.equal(6n);
    });
  });
});
