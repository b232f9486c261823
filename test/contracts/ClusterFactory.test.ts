import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { ClusterFactory__factory, ClusterGovernor__factory, DocumentRegistry__factory, Membership__factory } from "../../types/typechain/index.js";
import { CDC_ROLE, DEFAULT_ADMIN_ROLE, FACTORY_ROLE, MEMBERSHIP, Role, Status } from "./encodings.js";
import { AGREEMENTS, componentsRegistered, DOCUMENTS, DocumentKind, serviceSetByVote } from "./fixturesDocuments.js";
import { clusterInEveryStatus, demoClusterCreated, demoSpec, platformDeployed } from "./fixtures.js";
import { decideByVote } from "./dissolution.js";
import { executeProposal, GOVERNOR, proposalIdOf, Vote, voteAll } from "./governorCalls.js";
import { componentKindId } from "../../core/chain/componentKinds.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

/** EIP-1167 runtime code of a clone of `implementation`. */
function cloneRuntime(implementation: string): string {
  return `0x363d3d373d3d3d363d73${implementation.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3`;
}

describe("ClusterFactory", function () {
  describe("deployment", function () {
    it("keeps its registry and the Membership implementation set by the CDC", async function () {
      const { factory, registry, membershipImpl } = await loadFixture(platformDeployed);
      expect(await factory.registry()).to.equal(await registry.getAddress());
      expect(await factory.implementation(MEMBERSHIP)).to.equal(await membershipImpl.getAddress());
    });

    it("refuses a registry that is not a contract", async function () {
      const { factory, signers } = await loadFixture(platformDeployed);
      await expect(new ClusterFactory__factory(signers.cdc).deploy(signers.frank.address))
        .to.be.revertedWithCustomError(factory, "NotAContract")
        .withArgs(signers.frank.address);
    });
  });

  describe("setImplementation", function () {
    it("sets the implementation of a kind and announces it", async function () {
      const { factory, catalog } = await loadFixture(platformDeployed);
      const kind = componentKindId("Governor");
      const impl = await catalog.getAddress(); // any contract will do for the registry of implementations
      await expect(factory.setImplementation(kind, impl)).to.emit(factory, "ImplementationSet").withArgs(kind, impl, 0n);
      expect(await factory.implementation(kind)).to.equal(impl);
    });

    it("refuses an account that is not the registry's CDC", async function () {
      const { factory, membershipImpl, signers } = await loadFixture(platformDeployed);
      await expect(factory.connect(signers.stranger).setImplementation(MEMBERSHIP, await membershipImpl.getAddress()))
        .to.be.revertedWithCustomError(factory, "NotCdc")
        .withArgs(signers.stranger.address);
    });

    it("refuses an address without code", async function () {
      const { factory, signers } = await loadFixture(platformDeployed);
      await expect(factory.setImplementation(MEMBERSHIP, signers.frank.address))
        .to.be.revertedWithCustomError(factory, "NotAContract")
        .withArgs(signers.frank.address);
      await expect(factory.setImplementation(MEMBERSHIP, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, "NotAContract")
        .withArgs(ethers.ZeroAddress);
    });

    it("follows the registry's CDC role: a newly granted CDC may set implementations", async function () {
      const { factory, registry, membershipImpl, signers } = await loadFixture(platformDeployed);
      await registry.grantRole(CDC_ROLE, signers.frank.address);
      const impl = await membershipImpl.getAddress();
      await expect(factory.connect(signers.frank).setImplementation(MEMBERSHIP, impl)).to.emit(factory, "ImplementationSet").withArgs(MEMBERSHIP, impl, 0n);
    });
  });

  describe("createCluster", function () {
    it("registers, approves, deploys and activates a cluster in one transaction", async function () {
      const p = await loadFixture(platformDeployed);
      const { factory, registry, signers } = p;
      const tx = factory.createCluster(demoSpec(p));
      await expect(tx)
        .to.emit(registry, "ClusterRegistered")
        .withArgs(1n, demoSpec(p).name, signers.cdo.address, await factory.getAddress());
      for (const [from, to] of [
        [Status.None, Status.Initiative],
        [Status.Initiative, Status.Voting],
        [Status.Voting, Status.Forming],
        [Status.Forming, Status.Active],
      ]) {
        await expect(tx).to.emit(registry, "StatusChanged").withArgs(1n, from, to);
      }
      const membership = await registry.componentOf(1n, MEMBERSHIP);
      await expect(tx).to.emit(registry, "ComponentAttached").withArgs(1n, MEMBERSHIP, membership);
      await expect(tx).to.emit(factory, "ClusterDeployed").withArgs(1n, membership, signers.cdc.address);
      expect(await registry.statusOf(1n)).to.equal(Status.Active);
    });

    it("deploys the Membership as a minimal clone of the implementation, initialised with the spec", async function () {
      const { membership, membershipImpl, spec, registry, clusterId } = await loadFixture(demoClusterCreated);
      const code = await ethers.provider.getCode(await membership.getAddress());
      expect(code).to.equal(cloneRuntime(await membershipImpl.getAddress()));
      expect(await membership.registry()).to.equal(await registry.getAddress());
      expect(await membership.clusterId()).to.equal(clusterId);
      expect(await membership.memberCount()).to.equal(BigInt(spec.founders.length));
      expect(await membership.nodeCount()).to.equal(BigInt(spec.founders.length + spec.partners.length));
      expect(await membership.linkCount()).to.equal(BigInt(spec.links.length));
    });

    it("gives every cluster its own clone", async function () {
      const p = await loadFixture(demoClusterCreated);
      await p.factory.createCluster({ ...demoSpec(p), name: "Second" });
      const first = await p.registry.componentOf(1n, MEMBERSHIP);
      const second = await p.registry.componentOf(2n, MEMBERSHIP);
      expect(second).to.not.equal(first);
      expect(await Membership__factory.connect(second, p.signers.cdc).clusterId()).to.equal(2n);
    });

    it("refuses a caller without the registry's CDC role", async function () {
      const p = await loadFixture(platformDeployed);
      await expect(p.factory.connect(p.signers.cdo).createCluster(demoSpec(p)))
        .to.be.revertedWithCustomError(p.factory, "NotCdc")
        .withArgs(p.signers.cdo.address);
    });

    it("refuses when no Membership implementation is set", async function () {
      const p = await loadFixture(platformDeployed);
      const bare = await new ClusterFactory__factory(p.signers.cdc).deploy(await p.registry.getAddress());
      await p.registry.grantRole(CDC_ROLE, await bare.getAddress());
      await p.registry.grantRole(FACTORY_ROLE, await bare.getAddress());
      await expect(bare.createCluster(demoSpec(p)))
        .to.be.revertedWithCustomError(bare, "NoImplementation")
        .withArgs(MEMBERSHIP);
    });

    it("fails with the registry's role error when the factory was not granted its roles", async function () {
      const p = await loadFixture(platformDeployed);
      const bare = await new ClusterFactory__factory(p.signers.cdc).deploy(await p.registry.getAddress());
      await bare.setImplementation(MEMBERSHIP, await p.membershipImpl.getAddress());
      await expect(bare.createCluster(demoSpec(p)))
        .to.be.revertedWithCustomError(p.registry, "AccessControlUnauthorizedAccount")
        .withArgs(await bare.getAddress(), CDC_ROLE);
      await p.registry.grantRole(CDC_ROLE, await bare.getAddress());
      await expect(bare.createCluster(demoSpec(p)))
        .to.be.revertedWithCustomError(p.registry, "AccessControlUnauthorizedAccount")
        .withArgs(await bare.getAddress(), FACTORY_ROLE);
    });

    it("reverts the whole creation when the spec is invalid, leaving no cluster behind", async function () {
      const p = await loadFixture(platformDeployed);
      const spec = demoSpec(p);
      const bad = { ...spec, founders: [spec.founders[0], { ...spec.founders[1], role: Role.None }] };
      await expect(p.factory.createCluster(bad)).to.be.revertedWithCustomError(p.membershipImpl, "InvalidRole").withArgs(Role.None);
      await expect(p.factory.createCluster({ ...spec, name: "" })).to.be.revertedWithCustomError(p.registry, "EmptyName");
      expect(await p.registry.clusterCount()).to.equal(0n);
    });
  });

  describe("deployCluster", function () {
    it("deploys the contracts of an approved initiative and activates it", async function () {
      const p = await loadFixture(clusterInEveryStatus);
      const id = p.ids.Forming;
      const tx = p.factory.deployCluster(id, demoSpec(p));
      await expect(tx).to.emit(p.registry, "StatusChanged").withArgs(id, Status.Forming, Status.Active);
      const membership = await p.registry.componentOf(id, MEMBERSHIP);
      await expect(tx).to.emit(p.factory, "ClusterDeployed").withArgs(id, membership, p.signers.cdc.address);
      const m = Membership__factory.connect(membership, p.signers.cdc);
      expect(await m.clusterId()).to.equal(id);
      expect(await m.isMember(p.signers.alice.address)).to.equal(true);
      // name, CDO and params of the spec are ignored: the registry keeps what the initiative registered.
      expect((await p.registry.cluster(id)).name).to.equal("Initiative");
    });

    for (const status of ["Initiative", "Voting", "Active", "Dissolving", "Dissolved", "Rejected"] as const) {
      it(`refuses a cluster that is ${status}, not Forming`, async function () {
        const p = await loadFixture(clusterInEveryStatus);
        const id = p.ids[status];
        await expect(p.factory.deployCluster(id, demoSpec(p)))
          .to.be.revertedWithCustomError(p.factory, "IllegalTransition")
          .withArgs(id, Status[status], Status.Active);
      });
    }

    it("refuses an unknown cluster", async function () {
      const p = await loadFixture(platformDeployed);
      await expect(p.factory.deployCluster(9n, demoSpec(p)))
        .to.be.revertedWithCustomError(p.factory, "UnknownCluster")
        .withArgs(9n);
    });

    it("refuses a caller without the registry's CDC role", async function () {
      const p = await loadFixture(clusterInEveryStatus);
      await expect(p.factory.connect(p.signers.stranger).deployCluster(p.ids.Forming, demoSpec(p)))
        .to.be.revertedWithCustomError(p.factory, "NotCdc")
        .withArgs(p.signers.stranger.address);
    });
  });

  describe("components", function () {
    // A real component (the documents registry) stands for any kind: it too records its registry,
    // cluster and the Membership it found while initialising.
    async function withProbe(connection: NetworkConnection) {
      const p = await platformDeployed(connection);
      const probeImpl = await new DocumentRegistry__factory(p.signers.cdc).deploy(await p.registry.getAddress());
      const kind = componentKindId("Documents");
      await p.factory.setImplementation(kind, await probeImpl.getAddress());
      return { ...p, probeImpl, kind };
    }

    it("clones and initialises every component kind for a new cluster, after its Membership", async function () {
      const p = await loadFixture(withProbe);
      // platformDeployed registers the Governor first.
      expect(await p.factory.componentKinds()).to.deep.equal([GOVERNOR, p.kind]);
      await expect(p.factory.createCluster(demoSpec(p))).to.emit(p.registry, "ComponentAttached");
      const probe = DocumentRegistry__factory.connect(await p.registry.componentOf(1n, p.kind), p.signers.cdc);
      expect(await ethers.provider.getCode(await probe.getAddress())).to.equal(cloneRuntime(await p.probeImpl.getAddress()));
      expect(await probe.clusterId()).to.equal(1n);
      expect(await probe.registry()).to.equal(await p.registry.getAddress());
      expect(await probe.membership()).to.equal(await p.registry.componentOf(1n, MEMBERSHIP));
      await expect(probe.initialize(await p.registry.getAddress(), 1n)).to.be.revertedWithCustomError(probe, "InvalidInitialization");
    });

    it("replaces an implementation without listing its kind twice", async function () {
      const p = await loadFixture(withProbe);
      const other = await new DocumentRegistry__factory(p.signers.cdc).deploy(await p.registry.getAddress());
      await p.factory.setImplementation(p.kind, await other.getAddress());
      expect(await p.factory.componentKinds()).to.deep.equal([GOVERNOR, p.kind]);
      expect(await p.factory.implementation(p.kind)).to.equal(await other.getAddress());
    });

    it("stops cloning a removed kind for clusters created afterwards", async function () {
      const p = await loadFixture(withProbe);
      await p.factory.createCluster(demoSpec(p));
      await expect(p.factory.removeComponentKind(p.kind)).to.emit(p.factory, "ComponentKindRemoved").withArgs(p.kind);
      expect(await p.factory.componentKinds()).to.deep.equal([GOVERNOR]);
      await p.factory.createCluster({ ...demoSpec(p), name: "Second" });
      expect(await p.registry.componentOf(2n, p.kind)).to.equal(ethers.ZeroAddress);
      expect(await p.registry.componentOf(1n, p.kind)).to.not.equal(ethers.ZeroAddress);
    });

    it("refuses to remove the Membership or an unknown kind, and refuses a non-CDC", async function () {
      const p = await loadFixture(withProbe);
      await expect(p.factory.removeComponentKind(MEMBERSHIP)).to.be.revertedWithCustomError(p.factory, "UnknownComponentKind").withArgs(MEMBERSHIP);
      const unknown = ethers.encodeBytes32String("Nothing");
      await expect(p.factory.removeComponentKind(unknown)).to.be.revertedWithCustomError(p.factory, "UnknownComponentKind").withArgs(unknown);
      await expect(p.factory.connect(p.signers.stranger).removeComponentKind(p.kind))
        .to.be.revertedWithCustomError(p.factory, "NotCdc")
        .withArgs(p.signers.stranger.address);
    });
  });

  describe("components on demand", function () {
    /** World: the component services registered, and an active cluster that enables only the system service. */
    async function systemOnlyCluster(connection: NetworkConnection) {
      const p = await componentsRegistered(connection);
      await p.factory.createCluster({ ...demoSpec(p), serviceIds: [p.services.authentication] });
      return { ...p, clusterId: await p.registry.clusterCount() };
    }

    it("binds each component kind to the service its implementation names; the Governor to none", async function () {
      const p = await loadFixture(componentsRegistered);
      expect(await p.factory.serviceOfKind(DOCUMENTS)).to.equal(p.services.documents);
      expect(await p.factory.serviceOfKind(AGREEMENTS)).to.equal(p.services.agreements);
      expect(await p.factory.serviceOfKind(GOVERNOR)).to.equal(0n);
      const again = await p.documentsImpl.getAddress();
      await expect(p.factory.setImplementation(DOCUMENTS, again)).to.emit(p.factory, "ImplementationSet").withArgs(DOCUMENTS, again, p.services.documents);
    });

    it("clones only the contracts of the services a cluster enables, and costs less for it", async function () {
      const p = await loadFixture(componentsRegistered);
      const all = await (
        await p.factory.createCluster({ ...demoSpec(p), serviceIds: [p.services.authentication, p.services.documents, p.services.agreements] })
      ).wait();
      const systemOnly = await (await p.factory.createCluster({ ...demoSpec(p), name: "Lean", serviceIds: [p.services.authentication] })).wait();
      expect(await p.registry.componentOf(1n, DOCUMENTS)).to.not.equal(ethers.ZeroAddress);
      expect(await p.registry.componentOf(1n, AGREEMENTS)).to.not.equal(ethers.ZeroAddress);
      expect(await p.registry.componentOf(2n, DOCUMENTS)).to.equal(ethers.ZeroAddress);
      expect(await p.registry.componentOf(2n, AGREEMENTS)).to.equal(ethers.ZeroAddress);
      expect(await p.registry.componentOf(2n, GOVERNOR)).to.not.equal(ethers.ZeroAddress);
      expect(systemOnly!.gasUsed).to.be.lessThan(all!.gasUsed);
    });

    it("clones a service's contract when a running cluster first enables it by vote, and keeps it through off and on", async function () {
      const w = await loadFixture(systemOnlyCluster);
      await serviceSetByVote(w, w.clusterId, w.services.documents, true);
      const address = await w.registry.componentOf(w.clusterId, DOCUMENTS);
      expect(await ethers.provider.getCode(address)).to.equal(cloneRuntime(await w.documentsImpl.getAddress()));
      const documents = DocumentRegistry__factory.connect(address, w.signers.alice);
      expect(await documents.clusterId()).to.equal(w.clusterId);
      expect(await documents.membership()).to.equal(await w.registry.componentOf(w.clusterId, MEMBERSHIP));
      // The new contract works at once: a member anchors a document.
      await expect(documents.anchor(ethers.id("cid"), ethers.id("content"), DocumentKind.Report, "First report", 0, [], [w.signers.bob.address])).to.emit(
        documents,
        "DocumentAnchored",
      );
      await serviceSetByVote(w, w.clusterId, w.services.documents, false);
      await decideByVote(w, w.clusterId, (g) => g.proposeService(w.services.documents, true, "Documents again"));
      expect(await w.registry.componentOf(w.clusterId, DOCUMENTS)).to.equal(address);
      expect(await documents.documentCount()).to.equal(1n);
    });

    it("announces the clone as the registry announces every component", async function () {
      const w = await loadFixture(systemOnlyCluster);
      const members = [w.signers.alice, w.signers.bob, w.signers.carol, w.signers.dave, w.signers.erin];
      const governor = ClusterGovernor__factory.connect(await w.registry.componentOf(w.clusterId, GOVERNOR), w.signers.alice);
      const proposalId = await proposalIdOf(governor, governor.proposeService(w.services.agreements, true, "Contracts"));
      await voteAll(governor, proposalId, members, Vote.For);
      await networkHelpers.time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
      const tx = executeProposal(governor, proposalId, w.signers.bob);
      await expect(tx).to.emit(w.registry, "ServiceEnabled").withArgs(w.clusterId, w.services.agreements, 2n);
      await expect(tx).to.emit(w.registry, "ComponentAttached");
      expect(await w.registry.componentOf(w.clusterId, AGREEMENTS)).to.not.equal(ethers.ZeroAddress);
    });

    it("refuses a clone asked for by anyone but the registry", async function () {
      const w = await loadFixture(systemOnlyCluster);
      await expect(w.factory.cloneServiceComponent(w.clusterId, w.services.documents))
        .to.be.revertedWithCustomError(w.factory, "NotRegistry")
        .withArgs(w.signers.cdc.address);
    });

    it("refuses a second kind for a service that already has one", async function () {
      const p = await loadFixture(componentsRegistered);
      const other = await new DocumentRegistry__factory(p.signers.cdc).deploy(await p.registry.getAddress());
      await expect(p.factory.setImplementation(ethers.encodeBytes32String("Probe"), await other.getAddress()))
        .to.be.revertedWithCustomError(p.factory, "ServiceAlreadyBound")
        .withArgs(p.services.documents, DOCUMENTS);
    });

    it("frees a removed kind's service: a running cluster enabling it then gets no contract", async function () {
      const w = await loadFixture(systemOnlyCluster);
      await w.factory.removeComponentKind(DOCUMENTS);
      expect(await w.factory.serviceOfKind(DOCUMENTS)).to.equal(0n);
      await serviceSetByVote(w, w.clusterId, w.services.documents, true);
      expect(await w.registry.componentOf(w.clusterId, DOCUMENTS)).to.equal(ethers.ZeroAddress);
    });

    it("lets only the registry's admin choose the factory that clones on demand", async function () {
      const p = await loadFixture(platformDeployed);
      await expect(p.registry.connect(p.signers.stranger).setComponentFactory(p.signers.stranger.address))
        .to.be.revertedWithCustomError(p.registry, "AccessControlUnauthorizedAccount")
        .withArgs(p.signers.stranger.address, DEFAULT_ADMIN_ROLE);
      await expect(p.registry.setComponentFactory(ethers.ZeroAddress)).to.emit(p.registry, "ComponentFactorySet").withArgs(ethers.ZeroAddress);
      expect(await p.registry.componentFactory()).to.equal(ethers.ZeroAddress);
    });
  });
});
