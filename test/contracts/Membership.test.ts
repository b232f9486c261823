import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Membership__factory, type IMembership, type Membership } from "../../types/typechain/index.js";
import { deployBareClone } from "../../deploy/clone.js";
import { FlowKind, MEMBERSHIP, MemberKind, Role, Status } from "./encodings.js";
import { clusterInEveryStatus, demoClusterCreated, demoSpec, platformDeployed } from "./fixtures.js";

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

describe("Membership", function () {
  describe("initialisation", function () {
    it("admits the founders in order with node ids from 1, then numbers the partners", async function () {
      const { membership, spec, signers } = await loadFixture(demoClusterCreated);
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
      expect([link.from, link.to, link.kind, link.clusterActivity, link.active]).to.deep.equal([
        1n,
        6n,
        FlowKind.Material,
        false,
        true,
      ]);
    });

    it("announces founders, their keys, partners and links", async function () {
      const p = await loadFixture(platformDeployed);
      const tx = await p.factory.createCluster(demoSpec(p));
      const m = Membership__factory.connect(await p.registry.componentOf(1n, MEMBERSHIP), p.signers.cdo);
      const { alice } = p.signers;
      await expect(tx)
        .to.emit(m, "MemberAdded")
        .withArgs(alice.address, 1n, "Ural Works", MemberKind.Enterprise, Role.Core, "bafy-reg-ural-works");
      await expect(tx).to.emit(m, "EncryptionKeySet").withArgs(alice.address, "0xa11ce0");
      await expect(tx).to.emit(m, "PartnerAdded").withArgs(6n, "Export Buyer GmbH");
      await expect(tx).to.emit(m, "PartnerAdded").withArgs(7n, "Regional Bank");
      await expect(tx).to.emit(m, "LinkAdded").withArgs(5n, 7n, 2n, FlowKind.Service, false);
    });

    it("refuses a second initialisation of a clone", async function () {
      const { membership, registry, clusterId } = await loadFixture(demoClusterCreated);
      await expect(
        membership.initialize(await registry.getAddress(), clusterId, [], [], []),
      ).to.be.revertedWithCustomError(membership, "InvalidInitialization");
    });

    it("refuses to initialise the implementation itself", async function () {
      const { membershipImpl, registry, ids } = await loadFixture(clusterInEveryStatus);
      await expect(
        membershipImpl.initialize(await registry.getAddress(), ids.Forming, [], [], []),
      ).to.be.revertedWithCustomError(membershipImpl, "InvalidInitialization");
    });

    it("initialises a fresh clone only for a cluster that is Forming", async function () {
      const { membershipImpl, registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      const clone = Membership__factory.connect(
        (await deployBareClone(signers.stranger, await membershipImpl.getAddress())).address,
        signers.stranger,
      );
      const reg = await registry.getAddress();
      for (const status of ["Initiative", "Voting", "Active", "Dissolving", "Dissolved", "Rejected"] as const) {
        await expect(clone.initialize(reg, ids[status], [], [], []))
          .to.be.revertedWithCustomError(clone, "ClusterNotWritable")
          .withArgs(ids[status], Status[status]);
      }
      await expect(clone.initialize(reg, 99n, [], [], []))
        .to.be.revertedWithCustomError(clone, "ClusterNotWritable")
        .withArgs(99n, Status.None);
      await expect(clone.initialize(ethers.ZeroAddress, ids.Forming, [], [], [])).to.be.revertedWithCustomError(
        clone,
        "ZeroAddress",
      );
      await clone.initialize(reg, ids.Forming, [], ["Partner"], []);
      expect(await clone.nodeCount()).to.equal(1n);
    });

    it("refuses invalid founders: zero account, duplicate, role None, empty name", async function () {
      const { membershipImpl, registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      const clone = Membership__factory.connect(
        (await deployBareClone(signers.stranger, await membershipImpl.getAddress())).address,
        signers.stranger,
      );
      const reg = await registry.getAddress();
      const founder = (account: string, role: bigint = Role.Core, name = "A") => ({
        account,
        profile: { ...newcomer, name },
        role,
      });
      const alice = signers.alice.address;
      await expect(clone.initialize(reg, ids.Forming, [founder(ethers.ZeroAddress)], [], [])).to.be.revertedWithCustomError(
        clone,
        "ZeroAddress",
      );
      await expect(clone.initialize(reg, ids.Forming, [founder(alice), founder(alice)], [], []))
        .to.be.revertedWithCustomError(clone, "AlreadyMember")
        .withArgs(alice);
      await expect(clone.initialize(reg, ids.Forming, [founder(alice, Role.None)], [], []))
        .to.be.revertedWithCustomError(clone, "InvalidRole")
        .withArgs(Role.None);
      await expect(clone.initialize(reg, ids.Forming, [founder(alice, Role.Core, "")], [], [])).to.be.revertedWithCustomError(
        clone,
        "EmptyName",
      );
      await expect(clone.initialize(reg, ids.Forming, [], [""], [])).to.be.revertedWithCustomError(clone, "EmptyName");
      await expect(
        clone.initialize(reg, ids.Forming, [founder(alice)], ["P"], [{ from: 2, to: 3, kind: 0, clusterActivity: true }]),
      )
        .to.be.revertedWithCustomError(clone, "UnknownNode")
        .withArgs(3n);
    });
  });

  describe("seats", function () {
    it("gives each founder exactly one vote, delegated to itself", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      for (const who of [signers.alice, signers.bob, signers.carol, signers.dave, signers.erin]) {
        expect(await membership.balanceOf(who.address)).to.equal(1n);
        expect(await membership.getVotes(who.address)).to.equal(1n);
        expect(await membership.delegates(who.address)).to.equal(who.address);
      }
      expect(await membership.getVotes(signers.cdo.address)).to.equal(0n);
    });

    it("counts votes on the timestamp clock", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      expect(await membership.CLOCK_MODE()).to.equal("mode=timestamp");
      const now = await time.latest();
      expect(await membership.clock()).to.equal(BigInt(now));
      await time.increase(60);
      expect(await membership.getPastVotes(signers.alice.address, now)).to.equal(1n);
      expect(await membership.getPastTotalSupply(now)).to.equal(5n);
    });

    it("names the seat token", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
      expect(await membership.name()).to.equal("Cluster Seat");
      expect(await membership.symbol()).to.equal("SEAT");
    });

    it("refuses transferFrom and both safeTransferFrom, even by the seat's holder", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
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
      const { membership, signers } = await loadFixture(demoClusterCreated);
      const asAlice = membership.connect(signers.alice);
      await expect(asAlice.approve(signers.bob.address, 1))
        .to.be.revertedWithCustomError(membership, "SeatNotTransferable")
        .withArgs(1n);
      await expect(asAlice.setApprovalForAll(signers.bob.address, true))
        .to.be.revertedWithCustomError(membership, "SeatNotTransferable")
        .withArgs(0n);
    });

    it("keeps each seat delegated to its holder: delegating to another member is refused", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      const { alice, bob } = signers;
      await expect(membership.connect(alice).delegate(bob.address))
        .to.be.revertedWithCustomError(membership, "DelegationLocked")
        .withArgs(alice.address, bob.address);
      await membership.connect(alice).delegate(alice.address);
      expect(await membership.getVotes(alice.address)).to.equal(1n);
      expect(await membership.getVotes(bob.address)).to.equal(1n);
    });
  });

  describe("addMember", function () {
    it("lets the CDO admit a member with the next node id, a seat and one vote", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
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

    it("announces an encryption key given with the profile", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.addMember(signers.frank.address, { ...newcomer, encryptionKey: "0xbeef" }, Role.Core))
        .to.emit(membership, "EncryptionKeySet")
        .withArgs(signers.frank.address, "0xbeef");
    });

    it("refuses anyone but the CDO, including the CDC and core members", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      for (const who of [signers.cdc, signers.alice, signers.stranger]) {
        await expect(membership.connect(who).addMember(signers.frank.address, newcomer, Role.Participant))
          .to.be.revertedWithCustomError(membership, "NotCdo")
          .withArgs(who.address);
      }
    });

    it("refuses an existing member, a zero account, role None and an empty name", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.addMember(signers.bob.address, newcomer, Role.Core))
        .to.be.revertedWithCustomError(membership, "AlreadyMember")
        .withArgs(signers.bob.address);
      await expect(membership.addMember(ethers.ZeroAddress, newcomer, Role.Core)).to.be.revertedWithCustomError(
        membership,
        "ZeroAddress",
      );
      await expect(membership.addMember(signers.frank.address, newcomer, Role.None))
        .to.be.revertedWithCustomError(membership, "InvalidRole")
        .withArgs(Role.None);
      await expect(
        membership.addMember(signers.frank.address, { ...newcomer, name: "" }, Role.Core),
      ).to.be.revertedWithCustomError(membership, "EmptyName");
    });

    it("follows the registry's CDO: after a hand-over the old CDO is refused and the new one obeyed", async function () {
      const { membership, registry, clusterId, signers } = await loadFixture(demoClusterCreated);
      await registry.setCdo(clusterId, signers.frank.address);
      await expect(membership.addPartner("P"))
        .to.be.revertedWithCustomError(membership, "NotCdo")
        .withArgs(signers.cdo.address);
      await expect(membership.connect(signers.frank).addPartner("P")).to.emit(membership, "PartnerAdded").withArgs(8n, "P");
    });
  });

  describe("setRole", function () {
    it("lets the CDO move a member between participant and core", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.setRole(signers.dave.address, Role.Core))
        .to.emit(membership, "MemberRoleChanged")
        .withArgs(signers.dave.address, Role.Participant, Role.Core);
      await expect(membership.setRole(signers.alice.address, Role.Participant))
        .to.emit(membership, "MemberRoleChanged")
        .withArgs(signers.alice.address, Role.Core, Role.Participant);
      expect(await membership.roleOf(signers.dave.address)).to.equal(Role.Core);
      expect(await membership.roleOf(signers.alice.address)).to.equal(Role.Participant);
    });

    it("refuses role None, a non-member and anyone but the CDO", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.setRole(signers.dave.address, Role.None))
        .to.be.revertedWithCustomError(membership, "InvalidRole")
        .withArgs(Role.None);
      await expect(membership.setRole(signers.frank.address, Role.Core))
        .to.be.revertedWithCustomError(membership, "NotMember")
        .withArgs(signers.frank.address);
      for (const who of [signers.cdc, signers.dave]) {
        await expect(membership.connect(who).setRole(signers.dave.address, Role.Core))
          .to.be.revertedWithCustomError(membership, "NotCdo")
          .withArgs(who.address);
      }
    });
  });

  describe("updateProfile", function () {
    it("lets a member update its own profile: the kind is kept on chain, the rest in the event", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      const alice = signers.alice.address;
      await expect(membership.connect(signers.alice).updateProfile(alice, "Ural Works JSC", MemberKind.Other, "bafy-new"))
        .to.emit(membership, "ProfileUpdated")
        .withArgs(alice, "Ural Works JSC", MemberKind.Other, "bafy-new");
      expect((await membership.member(alice)).kind).to.equal(MemberKind.Other);
    });

    it("lets the CDO update a member's profile", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.updateProfile(signers.bob.address, "Polytech", MemberKind.University, ""))
        .to.emit(membership, "ProfileUpdated")
        .withArgs(signers.bob.address, "Polytech", MemberKind.University, "");
    });

    it("refuses another member, the CDC, a non-member account and an empty name", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      for (const who of [signers.bob, signers.cdc]) {
        await expect(membership.connect(who).updateProfile(signers.alice.address, "X", MemberKind.Other, ""))
          .to.be.revertedWithCustomError(membership, "NotCdo")
          .withArgs(who.address);
      }
      await expect(membership.updateProfile(signers.frank.address, "X", MemberKind.Other, ""))
        .to.be.revertedWithCustomError(membership, "NotMember")
        .withArgs(signers.frank.address);
      await expect(
        membership.connect(signers.alice).updateProfile(signers.alice.address, "", MemberKind.Other, ""),
      ).to.be.revertedWithCustomError(membership, "EmptyName");
    });
  });

  describe("setEncryptionKey", function () {
    it("lets a member set its own key", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      const key = ethers.hexlify(ethers.randomBytes(33));
      await expect(membership.connect(signers.bob).setEncryptionKey(key))
        .to.emit(membership, "EncryptionKeySet")
        .withArgs(signers.bob.address, key);
    });

    it("refuses a non-member, including the CDO", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      for (const who of [signers.stranger, signers.cdo]) {
        await expect(membership.connect(who).setEncryptionKey("0x12"))
          .to.be.revertedWithCustomError(membership, "NotMember")
          .withArgs(who.address);
      }
    });
  });

  describe("partners and links", function () {
    it("lets the CDO add a partner with the next node id", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
      await expect(membership.addPartner("Steel Importer")).to.emit(membership, "PartnerAdded").withArgs(8n, "Steel Importer");
      expect(await membership.nodeCount()).to.equal(8n);
    });

    it("refuses an empty partner name and anyone but the CDO", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.addPartner("")).to.be.revertedWithCustomError(membership, "EmptyName");
      await expect(membership.connect(signers.alice).addPartner("X"))
        .to.be.revertedWithCustomError(membership, "NotCdo")
        .withArgs(signers.alice.address);
    });

    it("adds a link between a member and a partner", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
      await expect(membership.addLink(6, 2, FlowKind.Intellectual, false))
        .to.emit(membership, "LinkAdded")
        .withArgs(6n, 6n, 2n, FlowKind.Intellectual, false);
      expect(await membership.linkCount()).to.equal(6n);
      const l = await membership.link(6);
      expect([l.from, l.to, l.kind, l.clusterActivity, l.active]).to.deep.equal([6n, 2n, FlowKind.Intellectual, false, true]);
    });

    it("refuses endpoints that are not nodes", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
      await expect(membership.addLink(0, 1, FlowKind.Material, true))
        .to.be.revertedWithCustomError(membership, "UnknownNode")
        .withArgs(0n);
      await expect(membership.addLink(1, 8, FlowKind.Material, true))
        .to.be.revertedWithCustomError(membership, "UnknownNode")
        .withArgs(8n);
    });

    it("refuses a link from a node to itself", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
      await expect(membership.addLink(2, 2, FlowKind.Material, true))
        .to.be.revertedWithCustomError(membership, "SelfLink")
        .withArgs(2n);
    });

    it("refuses a link between two partners", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
      await expect(membership.addLink(6, 7, FlowKind.Service, false))
        .to.be.revertedWithCustomError(membership, "PartnersOnlyLink")
        .withArgs(6n, 7n);
    });

    it("refuses links by anyone but the CDO", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      for (const who of [signers.cdc, signers.alice]) {
        await expect(membership.connect(who).addLink(1, 2, FlowKind.Material, true))
          .to.be.revertedWithCustomError(membership, "NotCdo")
          .withArgs(who.address);
        await expect(membership.connect(who).removeLink(1))
          .to.be.revertedWithCustomError(membership, "NotCdo")
          .withArgs(who.address);
      }
    });

    it("removes a link, keeping it readable as inactive", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
      await expect(membership.removeLink(2)).to.emit(membership, "LinkRemoved").withArgs(2n);
      expect((await membership.link(2)).active).to.equal(false);
      expect(await membership.linkCount()).to.equal(5n);
    });

    it("refuses to remove an unknown or already removed link", async function () {
      const { membership } = await loadFixture(demoClusterCreated);
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
      const { membership, signers } = await loadFixture(demoClusterCreated);
      await expect(membership.member(signers.stranger.address))
        .to.be.revertedWithCustomError(membership, "NotMember")
        .withArgs(signers.stranger.address);
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
        const { membership, registry, clusterId, signers } = await loadFixture(demoClusterCreated);
        await registry.startDissolution(clusterId);
        if (steps === 2) await registry.completeDissolution(clusterId);
        for (const write of everyWrite(membership, signers.cdo, signers.dave, signers.frank.address)) {
          await expect(write.call(), write.name)
            .to.be.revertedWithCustomError(membership, "ClusterNotWritable")
            .withArgs(clusterId, Status[status]);
        }
      });
    }

    it("accepts every write while the cluster is Active", async function () {
      const { membership, signers } = await loadFixture(demoClusterCreated);
      for (const write of everyWrite(membership, signers.cdo, signers.dave, signers.frank.address)) {
        await (await write.call()).wait();
      }
      expect(await membership.memberCount()).to.equal(6n);
      expect(await membership.linkCount()).to.equal(6n);
    });
  });
});

