import { expect } from "chai";
import { network } from "hardhat";
import { ClusterGovernor__factory, type ClusterRegistry } from "../../types/typechain/index.js";
import { AdmissionPolicy, CDC_ROLE, DAY, DEFAULT_ADMIN_ROLE, FACTORY_ROLE, HOUR, MEMBERSHIP, Status, type StatusName } from "./encodings.js";
import { completeAfterWindDown, decideByVote, dissolveByVote } from "./dissolution.js";
import { initiativeVoting } from "./fixturesGovernance.js";
import { clusterInEveryStatus, defaultParams, demoClusterCreated, demoSpec, paramsTuple, platformDeployed, platformWithoutGovernor } from "./fixtures.js";
import { GOVERNOR } from "./governorCalls.js";
import { componentKindId } from "../../core/chain/componentKinds.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const otherParams = { ...defaultParams, votingPeriod: 3 * DAY, quorumBps: 3_000, coreVeto: true };
/** A settings document's CID digest (any 32 bytes: the registry keeps it, the backend reads it). */
const SETTINGS = ethers.id("settings: maxUploadBytes 1 MiB");

/** A life-cycle call and the status it would move a cluster to. */
type Move = { name: string; to: bigint; call: (r: ClusterRegistry, id: bigint) => Promise<unknown> };
const moves: Move[] = [
  { name: "openVoting", to: Status.Voting, call: (r, id) => r.openVoting(id) },
  { name: "recordVote(approved)", to: Status.Forming, call: (r, id) => r.recordVote(id, true) },
  { name: "recordVote(rejected)", to: Status.Rejected, call: (r, id) => r.recordVote(id, false) },
  { name: "activate", to: Status.Active, call: (r, id) => r.activate(id) },
  { name: "startDissolution", to: Status.Dissolving, call: (r, id) => r.startDissolution(id) },
  { name: "completeDissolution", to: Status.Dissolved, call: (r, id) => r.completeDissolution(id) },
];
/** The only legal moves: from -> the moves allowed from it. */
const legal: Record<StatusName, string[]> = {
  None: [],
  Initiative: ["openVoting"],
  Voting: ["recordVote(approved)", "recordVote(rejected)"],
  Forming: ["activate"],
  Active: ["startDissolution"],
  Dissolving: ["completeDissolution"],
  Dissolved: [],
  Rejected: [],
};

describe("ClusterRegistry", function () {
  describe("deployment", function () {
    it("gives the constructor's admin the admin and CDC roles and keeps the catalog", async function () {
      const { registry, catalog, signers } = await loadFixture(platformDeployed);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, signers.cdc.address)).to.equal(true);
      expect(await registry.hasRole(CDC_ROLE, signers.cdc.address)).to.equal(true);
      expect(await registry.catalog()).to.equal(await catalog.getAddress());
      expect(await registry.FACTORY_ROLE()).to.equal(FACTORY_ROLE);
      expect(await registry.clusterCount()).to.equal(0n);
    });

    it("refuses a zero admin or catalog", async function () {
      const { registry, catalog, signers } = await loadFixture(platformDeployed);
      const Registry = await ethers.getContractFactory("ClusterRegistry", signers.cdc);
      await expect(Registry.deploy(ethers.ZeroAddress, await catalog.getAddress()))
        .to.be.revertedWithCustomError(registry, "ZeroAddress")
        .withArgs("admin");
      await expect(Registry.deploy(signers.cdc.address, ethers.ZeroAddress)).to.be.revertedWithCustomError(registry, "ZeroAddress").withArgs("catalog");
    });
  });

  describe("registerInitiative", function () {
    it("registers the initiative under id 1 at configuration version 1 and announces every part", async function () {
      const { registry, services, signers } = await loadFixture(platformDeployed);
      const serviceIds = [services.documents, services.clearing];
      const tx = registry.registerInitiative("Baltic Shipbuilding", signers.cdo.address, defaultParams, serviceIds);
      await expect(tx).to.emit(registry, "ClusterRegistered").withArgs(1n, "Baltic Shipbuilding", signers.cdo.address, signers.cdc.address);
      await expect(tx).to.emit(registry, "StatusChanged").withArgs(1n, Status.None, Status.Initiative);
      await expect(tx).to.emit(registry, "SecurityParamsChanged").withArgs(1n, 1n, paramsTuple(defaultParams));
      await expect(tx).to.emit(registry, "ServiceEnabled").withArgs(1n, services.documents, 1n);
      await expect(tx).to.emit(registry, "ServiceEnabled").withArgs(1n, services.clearing, 1n);

      const block = await ethers.provider.getBlock("latest");
      const c = await registry.cluster(1n);
      expect(c.name).to.equal("Baltic Shipbuilding");
      expect(c.cdo).to.equal(signers.cdo.address);
      expect(c.status).to.equal(Status.Initiative);
      expect(c.configVersion).to.equal(1n);
      expect(c.createdAt).to.equal(BigInt(block!.timestamp));
      expect(c.params).to.deep.equal(paramsTuple(defaultParams));
      expect(await registry.clusterCount()).to.equal(1n);
      expect(await registry.statusOf(1n)).to.equal(Status.Initiative);
      expect(await registry.cdoOf(1n)).to.equal(signers.cdo.address);
      expect(await registry.enabledServices(1n)).to.deep.equal(serviceIds);
      expect(await registry.isServiceEnabled(1n, services.documents)).to.equal(true);
      expect(await registry.isServiceEnabled(1n, services.authentication)).to.equal(false);
      expect(await registry.componentOf(1n, MEMBERSHIP)).to.equal(ethers.ZeroAddress);
    });

    it("accepts a cluster without a settlement token (no clearing configured)", async function () {
      const { registry, signers } = await loadFixture(platformDeployed);
      await registry.registerInitiative("No clearing", signers.cdo.address, defaultParams, []);
      expect((await registry.cluster(1n)).params.settlementToken).to.equal(ethers.ZeroAddress);
    });

    it("refuses a caller without the CDC role", async function () {
      const { registry, signers } = await loadFixture(platformDeployed);
      await expect(registry.connect(signers.stranger).registerInitiative("X", signers.cdo.address, defaultParams, []))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(signers.stranger.address, CDC_ROLE);
    });

    it("refuses an empty name and a zero CDO", async function () {
      const { registry, signers } = await loadFixture(platformDeployed);
      await expect(registry.registerInitiative("", signers.cdo.address, defaultParams, [])).to.be.revertedWithCustomError(registry, "EmptyName");
      await expect(registry.registerInitiative("X", ethers.ZeroAddress, defaultParams, []))
        .to.be.revertedWithCustomError(registry, "ZeroAddress")
        .withArgs("cdo");
    });

    it("refuses unknown, deprecated and duplicate services", async function () {
      const { registry, catalog, services, signers } = await loadFixture(platformDeployed);
      await expect(registry.registerInitiative("X", signers.cdo.address, defaultParams, [99n]))
        .to.be.revertedWithCustomError(registry, "ServiceNotAvailable")
        .withArgs(99n);
      await catalog.deprecate(services.crm);
      await expect(registry.registerInitiative("X", signers.cdo.address, defaultParams, [services.crm]))
        .to.be.revertedWithCustomError(registry, "ServiceNotAvailable")
        .withArgs(services.crm);
      await expect(registry.registerInitiative("X", signers.cdo.address, defaultParams, [services.documents, services.documents]))
        .to.be.revertedWithCustomError(registry, "ServiceAlreadyEnabled")
        .withArgs(1n, services.documents);
    });
  });

  describe("security parameter validation", function () {
    const cases: { field: string; value: number; error: string; args: unknown[] }[] = [
      { field: "votingPeriod", value: HOUR - 1, error: "InvalidVotingPeriod", args: [HOUR - 1] },
      { field: "votingPeriod", value: 365 * DAY + 1, error: "InvalidVotingPeriod", args: [365 * DAY + 1] },
      { field: "quorumBps", value: 0, error: "InvalidBasisPoints", args: ["quorumBps", 0] },
      { field: "quorumBps", value: 10_001, error: "InvalidBasisPoints", args: ["quorumBps", 10_001] },
      { field: "approvalThresholdBps", value: 0, error: "InvalidBasisPoints", args: ["approvalThresholdBps", 0] },
      {
        field: "approvalThresholdBps",
        value: 10_001,
        error: "InvalidBasisPoints",
        args: ["approvalThresholdBps", 10_001],
      },
      { field: "clearingCycleLength", value: HOUR - 1, error: "InvalidCycleLength", args: [HOUR - 1] },
      { field: "clearingCycleLength", value: 365 * DAY + 1, error: "InvalidCycleLength", args: [365 * DAY + 1] },
    ];
    for (const { field, value, error, args } of cases) {
      it(`refuses ${field} = ${value} with ${error}, at registration and on change`, async function () {
        const { registry, signers } = await loadFixture(platformDeployed);
        const bad = { ...defaultParams, [field]: value };
        await expect(registry.registerInitiative("X", signers.cdo.address, bad, []))
          .to.be.revertedWithCustomError(registry, error)
          .withArgs(...args);
        await registry.registerInitiative("X", signers.cdo.address, defaultParams, []);
        await expect(registry.setSecurityParams(1n, bad))
          .to.be.revertedWithCustomError(registry, error)
          .withArgs(...args);
      });
    }

    it("accepts the bounds themselves: 1 hour, 365 days, 1 and 10000 basis points", async function () {
      const { registry, signers } = await loadFixture(platformDeployed);
      const low = { ...defaultParams, votingPeriod: HOUR, quorumBps: 1, approvalThresholdBps: 1, clearingCycleLength: HOUR };
      const high = {
        ...defaultParams,
        votingPeriod: 365 * DAY,
        quorumBps: 10_000,
        approvalThresholdBps: 10_000,
        clearingCycleLength: 365 * DAY,
      };
      await registry.registerInitiative("Low", signers.cdo.address, low, []);
      await registry.registerInitiative("High", signers.cdo.address, high, []);
      expect((await registry.cluster(1n)).params).to.deep.equal(paramsTuple(low));
      expect((await registry.cluster(2n)).params).to.deep.equal(paramsTuple(high));
    });
  });

  describe("life cycle", function () {
    it("walks initiative -> voting -> forming -> active -> dissolving -> dissolved, announcing each step", async function () {
      const { registry, signers, services } = await loadFixture(platformDeployed);
      await registry.registerInitiative("X", signers.cdo.address, defaultParams, [services.documents]);
      await registry.grantRole(FACTORY_ROLE, signers.cdc.address);
      await expect(registry.openVoting(1n)).to.emit(registry, "StatusChanged").withArgs(1n, Status.Initiative, Status.Voting);
      await expect(registry.recordVote(1n, true)).to.emit(registry, "StatusChanged").withArgs(1n, Status.Voting, Status.Forming);
      await registry.attachComponent(1n, MEMBERSHIP, signers.frank.address);
      // Frank stands in for the cluster's governor: only it may start the dissolution.
      await registry.attachComponent(1n, GOVERNOR, signers.frank.address);
      await expect(registry.activate(1n)).to.emit(registry, "StatusChanged").withArgs(1n, Status.Forming, Status.Active);
      await expect(registry.connect(signers.frank).startDissolution(1n)).to.emit(registry, "StatusChanged").withArgs(1n, Status.Active, Status.Dissolving);
      await networkHelpers.time.increase(30 * DAY);
      await expect(registry.connect(signers.stranger).completeDissolution(1n))
        .to.emit(registry, "StatusChanged")
        .withArgs(1n, Status.Dissolving, Status.Dissolved);
      expect(await registry.statusOf(1n)).to.equal(Status.Dissolved);
    });

    it("ends a rejected vote in Rejected", async function () {
      const { registry, ids } = await loadFixture(clusterInEveryStatus);
      await expect(registry.recordVote(ids.Voting, false)).to.emit(registry, "StatusChanged").withArgs(ids.Voting, Status.Voting, Status.Rejected);
      expect(await registry.statusOf(ids.Voting)).to.equal(Status.Rejected);
    });

    it("has built a cluster in every status for the refusal table", async function () {
      const { registry, ids } = await loadFixture(clusterInEveryStatus);
      for (const [name, id] of Object.entries(ids)) {
        expect(await registry.statusOf(id)).to.equal(Status[name as StatusName]);
      }
    });

    for (const from of Object.keys(legal) as StatusName[]) {
      if (from === "None") continue;
      for (const move of moves.filter((m) => !legal[from].includes(m.name))) {
        it(`refuses ${move.name} from ${from} with IllegalTransition`, async function () {
          const { registry, ids } = await loadFixture(clusterInEveryStatus);
          const id = ids[from as Exclude<StatusName, "None">];
          await expect(move.call(registry, id)).to.be.revertedWithCustomError(registry, "IllegalTransition").withArgs(id, Status[from], move.to);
        });
      }
    }

    it("refuses to activate a forming cluster before its Membership is attached", async function () {
      const { registry, ids } = await loadFixture(clusterInEveryStatus);
      await expect(registry.activate(ids.Forming)).to.be.revertedWithCustomError(registry, "ComponentsMissing").withArgs(ids.Forming);
    });

    it("refuses every life-cycle move on an unknown cluster", async function () {
      const { registry } = await loadFixture(platformDeployed);
      for (const move of moves) {
        await expect(move.call(registry, 7n)).to.be.revertedWithCustomError(registry, "UnknownCluster").withArgs(7n);
      }
    });

    it("refuses every life-cycle move by an account without the CDC role", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      const asStranger = registry.connect(signers.stranger);
      // completeDissolution is open to anyone once the wind-down passed; startDissolution belongs
      // to the cluster's governor, not the CDC (both tested under "dissolution").
      // Each move on a cluster it would be legal from, so that only the caller is wrong.
      const from: Record<string, bigint> = {
        openVoting: ids.Initiative,
        "recordVote(approved)": ids.Voting,
        "recordVote(rejected)": ids.Voting,
        activate: ids.Forming,
      };
      for (const move of moves.filter((m) => m.name !== "completeDissolution" && m.name !== "startDissolution")) {
        await expect(move.call(asStranger, from[move.name]!))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(signers.stranger.address, CDC_ROLE);
      }
    });
  });

  describe("dissolution", function () {
    it("refuses the CDC, or anyone but the cluster's governor, starting a dissolution with NotGovernor", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await expect(registry.startDissolution(ids.Active)).to.be.revertedWithCustomError(registry, "NotGovernor").withArgs(ids.Active, signers.cdc.address);
      await expect(registry.connect(signers.alice).startDissolution(ids.Active))
        .to.be.revertedWithCustomError(registry, "NotGovernor")
        .withArgs(ids.Active, signers.alice.address);
      expect(await registry.statusOf(ids.Active)).to.equal(Status.Active);
    });

    it("refuses to dissolve a cluster that has no governor with NoGovernor", async function () {
      const p = await loadFixture(platformWithoutGovernor);
      await p.factory.createCluster(demoSpec(p));
      expect(await p.registry.componentOf(1n, GOVERNOR)).to.equal(ethers.ZeroAddress);
      await expect(p.registry.startDissolution(1n)).to.be.revertedWithCustomError(p.registry, "NoGovernor").withArgs(1n);
    });

    it("dissolves a cluster by its members' passed vote, starting the wind-down clock", async function () {
      const w = await loadFixture(demoClusterCreated);
      await dissolveByVote(w, w.clusterId);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Dissolving);
      expect(await w.registry.dissolvingSince(w.clusterId)).to.equal(BigInt(await networkHelpers.time.latest()));
    });

    it("refuses to complete a dissolution before the wind-down ends, even for the CDC", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      const endsAt = (await registry.dissolvingSince(ids.Dissolving)) + BigInt(30 * DAY);
      await expect(registry.completeDissolution(ids.Dissolving)).to.be.revertedWithCustomError(registry, "WindDownNotOver").withArgs(ids.Dissolving, endsAt);
      await networkHelpers.time.increaseTo(endsAt - 2n);
      await expect(registry.connect(signers.stranger).completeDissolution(ids.Dissolving))
        .to.be.revertedWithCustomError(registry, "WindDownNotOver")
        .withArgs(ids.Dissolving, endsAt);
    });

    it("lets anyone complete a dissolution once the wind-down has passed", async function () {
      const w = await loadFixture(clusterInEveryStatus);
      await expect(completeAfterWindDown(w, w.ids.Dissolving, w.signers.stranger))
        .to.emit(w.registry, "StatusChanged")
        .withArgs(w.ids.Dissolving, Status.Dissolving, Status.Dissolved);
      expect(await w.registry.statusOf(w.ids.Dissolving)).to.equal(Status.Dissolved);
    });
  });

  describe("configuration", function () {
    it("replaces an active cluster's security parameters by its passed vote, bumping the configuration version", async function () {
      const w = await loadFixture(clusterInEveryStatus);
      const { executed } = await decideByVote(w, w.ids.Active, (g) => g.proposeParams(otherParams, "Other params"));
      await expect(executed).to.emit(w.registry, "SecurityParamsChanged").withArgs(w.ids.Active, 2n, paramsTuple(otherParams));
      const c = await w.registry.cluster(w.ids.Active);
      expect(c.configVersion).to.equal(2n);
      expect(c.params).to.deep.equal(paramsTuple(otherParams));
    });

    it("bumps the version by one for each service toggle and announces it", async function () {
      const { registry, services, ids } = await loadFixture(clusterInEveryStatus);
      const id = ids.Initiative; // starts with documents enabled, version 1
      await expect(registry.setServiceEnabled(id, services.crm, true))
        .to.emit(registry, "ServiceEnabled")
        .withArgs(id, services.crm, 2n);
      await expect(registry.setServiceEnabled(id, services.documents, false))
        .to.emit(registry, "ServiceDisabled")
        .withArgs(id, services.documents, 3n);
      await expect(registry.setSecurityParams(id, otherParams)).to.emit(registry, "SecurityParamsChanged").withArgs(id, 4n, paramsTuple(otherParams));
      expect((await registry.cluster(id)).configVersion).to.equal(4n);
      expect(await registry.enabledServices(id)).to.deep.equal([services.crm]);
      expect(await registry.isServiceEnabled(id, services.documents)).to.equal(false);
    });

    it("keeps enabled services as a set: removal from the middle leaves the rest", async function () {
      const w = await loadFixture(clusterInEveryStatus);
      const id = w.ids.Active; // authentication, documents, clearing
      await decideByVote(w, id, (g) => g.proposeService(w.services.documents, false, "No documents"));
      expect([...(await w.registry.enabledServices(id))].sort()).to.deep.equal([w.services.authentication, w.services.clearing]);
    });

    it("refuses to enable a service twice", async function () {
      const { registry, services, ids } = await loadFixture(clusterInEveryStatus);
      await expect(registry.setServiceEnabled(ids.Initiative, services.documents, true))
        .to.be.revertedWithCustomError(registry, "ServiceAlreadyEnabled")
        .withArgs(ids.Initiative, services.documents);
    });

    it("refuses to enable an unknown or deprecated service", async function () {
      const { registry, catalog, services, ids } = await loadFixture(clusterInEveryStatus);
      await expect(registry.setServiceEnabled(ids.Initiative, 99n, true))
        .to.be.revertedWithCustomError(registry, "ServiceNotAvailable")
        .withArgs(99n);
      await catalog.deprecate(services.crm);
      await expect(registry.setServiceEnabled(ids.Initiative, services.crm, true))
        .to.be.revertedWithCustomError(registry, "ServiceNotAvailable")
        .withArgs(services.crm);
    });

    it("refuses to disable a service that is not enabled", async function () {
      const { registry, services, ids } = await loadFixture(clusterInEveryStatus);
      await expect(registry.setServiceEnabled(ids.Initiative, services.crm, false))
        .to.be.revertedWithCustomError(registry, "ServiceNotEnabled")
        .withArgs(ids.Initiative, services.crm);
    });

    it("refuses to disable an active system service, even by the members' vote, but lets a deprecated one go", async function () {
      const w = await loadFixture(clusterInEveryStatus);
      const { registry, catalog, services, ids } = w;
      await registry.setServiceEnabled(ids.Initiative, services.authentication, true);
      await expect(registry.setServiceEnabled(ids.Initiative, services.authentication, false))
        .to.be.revertedWithCustomError(registry, "SystemServiceRequired")
        .withArgs(services.authentication);
      await expect(decideByVote(w, ids.Active, (g) => g.proposeService(services.authentication, false, "No sign-in")))
        .to.be.revertedWithCustomError(registry, "SystemServiceRequired")
        .withArgs(services.authentication);
      await catalog.deprecate(services.authentication);
      await expect(registry.setServiceEnabled(ids.Initiative, services.authentication, false)).to.emit(registry, "ServiceDisabled");
    });

    it("lets a since-deprecated service be disabled", async function () {
      const { registry, catalog, services, ids } = await loadFixture(clusterInEveryStatus);
      await catalog.deprecate(services.documents);
      await expect(registry.setServiceEnabled(ids.Initiative, services.documents, false))
        .to.emit(registry, "ServiceDisabled")
        .withArgs(ids.Initiative, services.documents, 2n);
    });

    for (const early of ["Initiative", "Voting", "Forming"] as const) {
      it(`lets the CDC hand the CDO role over while the cluster is ${early}, without a configuration version bump`, async function () {
        const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
        await expect(registry.setCdo(ids[early], signers.frank.address))
          .to.emit(registry, "CdoChanged")
          .withArgs(ids[early], signers.cdo.address, signers.frank.address);
        expect(await registry.cdoOf(ids[early])).to.equal(signers.frank.address);
        expect((await registry.cluster(ids[early])).configVersion).to.equal(1n);
      });
    }

    it("hands an active cluster's CDO role over only by its passed vote", async function () {
      const w = await loadFixture(clusterInEveryStatus);
      const { executed } = await decideByVote(w, w.ids.Active, (g) => g.proposeCdo(w.signers.frank.address, "New CDO"));
      await expect(executed).to.emit(w.registry, "CdoChanged").withArgs(w.ids.Active, w.signers.cdo.address, w.signers.frank.address);
      expect(await w.registry.cdoOf(w.ids.Active)).to.equal(w.signers.frank.address);
    });

    it("refuses a zero CDO", async function () {
      const { registry, ids } = await loadFixture(clusterInEveryStatus);
      await expect(registry.setCdo(ids.Forming, ethers.ZeroAddress)).to.be.revertedWithCustomError(registry, "ZeroAddress").withArgs("newCdo");
    });

    for (const decided of ["Active", "Dissolving"] as const) {
      it(`refuses the CDC's direct configuration and CDO changes while the cluster is ${decided} with ClusterDecides`, async function () {
        const { registry, services, ids, signers } = await loadFixture(clusterInEveryStatus);
        const id = ids[decided];
        for (const call of [
          registry.setSecurityParams(id, otherParams),
          registry.setServiceEnabled(id, services.crm, true),
          registry.setServiceSettings(id, services.documents, SETTINGS),
          registry.setCdo(id, signers.cdc.address),
        ]) {
          await expect(call).to.be.revertedWithCustomError(registry, "ClusterDecides").withArgs(id, Status[decided], signers.cdc.address);
        }
        expect((await registry.cluster(id)).configVersion).to.equal(1n);
        expect(await registry.cdoOf(id)).to.equal(signers.cdo.address);
      });
    }

    for (const frozen of ["Dissolved", "Rejected"] as const) {
      it(`refuses every configuration change once the cluster is ${frozen}`, async function () {
        const { registry, services, ids, signers } = await loadFixture(clusterInEveryStatus);
        const id = ids[frozen];
        const calls = [
          registry.setSecurityParams(id, otherParams),
          registry.setServiceEnabled(id, services.crm, true),
          registry.setServiceEnabled(id, services.documents, false),
          registry.setServiceSettings(id, services.documents, SETTINGS),
          registry.setCdo(id, signers.frank.address),
        ];
        for (const call of calls) {
          await expect(call).to.be.revertedWithCustomError(registry, "ClusterReadOnly").withArgs(id, Status[frozen]);
        }
      });
    }

    it("refuses configuration of an unknown cluster", async function () {
      const { registry, services, signers } = await loadFixture(platformDeployed);
      for (const call of [
        registry.setSecurityParams(3n, otherParams),
        registry.setServiceEnabled(3n, services.crm, true),
        registry.setServiceSettings(3n, services.crm, SETTINGS),
        registry.setCdo(3n, signers.frank.address),
      ]) {
        await expect(call).to.be.revertedWithCustomError(registry, "UnknownCluster").withArgs(3n);
      }
    });

    it("refuses configuration of a cluster being set up by an account without the CDC role", async function () {
      const { registry, services, ids, signers } = await loadFixture(clusterInEveryStatus);
      const asStranger = registry.connect(signers.stranger);
      for (const call of [
        asStranger.setSecurityParams(ids.Forming, otherParams),
        asStranger.setServiceEnabled(ids.Forming, services.crm, true),
        asStranger.setServiceSettings(ids.Forming, services.documents, SETTINGS),
        asStranger.setCdo(ids.Forming, signers.stranger.address),
      ]) {
        await expect(call).to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount").withArgs(signers.stranger.address, CDC_ROLE);
      }
    });

    it("does not let a cluster's CDO configure its own cluster", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await expect(registry.connect(signers.cdo).setSecurityParams(ids.Active, otherParams))
        .to.be.revertedWithCustomError(registry, "ClusterDecides")
        .withArgs(ids.Active, Status.Active, signers.cdo.address);
      await expect(registry.connect(signers.cdo).setSecurityParams(ids.Forming, otherParams))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(signers.cdo.address, CDC_ROLE);
    });

    it("refuses the CDC recording the outcome of an initiative that has its own governor", async function () {
      const w = await loadFixture(initiativeVoting);
      await expect(w.registry.recordVote(w.clusterId, true))
        .to.be.revertedWithCustomError(w.registry, "NotGovernor")
        .withArgs(w.clusterId, w.signers.cdc.address);
      expect(await w.registry.statusOf(w.clusterId)).to.equal(Status.Voting);
    });
  });

  describe("service settings", function () {
    it("lets the CDC set an enabled service's settings while the cluster is set up, as a new configuration version", async function () {
      const { registry, services, ids } = await loadFixture(clusterInEveryStatus);
      const id = ids.Forming; // documents enabled, version 1
      expect(await registry.serviceSettingsOf(id, services.documents)).to.equal(ethers.ZeroHash);
      await expect(registry.setServiceSettings(id, services.documents, SETTINGS))
        .to.emit(registry, "ServiceSettingsChanged")
        .withArgs(id, services.documents, SETTINGS, 2n);
      expect(await registry.serviceSettingsOf(id, services.documents)).to.equal(SETTINGS);
      // Zero brings the manifest's defaults back, again as a version of its own.
      await expect(registry.setServiceSettings(id, services.documents, ethers.ZeroHash))
        .to.emit(registry, "ServiceSettingsChanged")
        .withArgs(id, services.documents, ethers.ZeroHash, 3n);
      expect((await registry.cluster(id)).configVersion).to.equal(3n);
    });

    it("changes an active cluster's settings only by its passed vote", async function () {
      const w = await loadFixture(clusterInEveryStatus);
      const { executed } = await decideByVote(w, w.ids.Active, (g) => g.proposeServiceSettings(w.services.documents, SETTINGS, "1 MiB uploads"));
      await expect(executed).to.emit(w.registry, "ServiceSettingsChanged").withArgs(w.ids.Active, w.services.documents, SETTINGS, 2n);
      expect(await w.registry.serviceSettingsOf(w.ids.Active, w.services.documents)).to.equal(SETTINGS);
    });

    it("refuses settings of a service the cluster does not enable, and settings that did not change", async function () {
      const { registry, services, ids } = await loadFixture(clusterInEveryStatus);
      const id = ids.Forming;
      await expect(registry.setServiceSettings(id, services.crm, SETTINGS))
        .to.be.revertedWithCustomError(registry, "ServiceNotEnabled")
        .withArgs(id, services.crm);
      await expect(registry.setServiceSettings(id, services.documents, ethers.ZeroHash))
        .to.be.revertedWithCustomError(registry, "SettingsUnchanged")
        .withArgs(id, services.documents);
      expect((await registry.cluster(id)).configVersion).to.equal(1n);
    });

    it("keeps a disabled service's settings for when it is enabled again", async function () {
      const { registry, services, ids } = await loadFixture(clusterInEveryStatus);
      const id = ids.Forming;
      await registry.setServiceSettings(id, services.documents, SETTINGS);
      await registry.setServiceEnabled(id, services.documents, false);
      await expect(registry.setServiceSettings(id, services.documents, ethers.ZeroHash)).to.be.revertedWithCustomError(registry, "ServiceNotEnabled");
      await registry.setServiceEnabled(id, services.documents, true);
      expect(await registry.serviceSettingsOf(id, services.documents)).to.equal(SETTINGS);
    });

    it("refuses a settings vote proposed by an outsider, and a vote on a service that is off fails on execution", async function () {
      const w = await loadFixture(clusterInEveryStatus);
      const governor = ClusterGovernor__factory.connect(await w.registry.componentOf(w.ids.Active, GOVERNOR), w.signers.stranger);
      await expect(governor.proposeServiceSettings(w.services.documents, SETTINGS, "x"))
        .to.be.revertedWithCustomError(governor, "NotAMember")
        .withArgs(w.signers.stranger.address);
      await expect(decideByVote(w, w.ids.Active, (g) => g.proposeServiceSettings(w.services.crm, SETTINGS, "CRM settings")))
        .to.be.revertedWithCustomError(w.registry, "ServiceNotEnabled")
        .withArgs(w.ids.Active, w.services.crm);
    });
  });

  describe("admission policy view", function () {
    it("answers a cluster's own admission policy, and UnknownCluster for an unknown id", async function () {
      const { registry, ids } = await loadFixture(clusterInEveryStatus);
      await registry.setSecurityParams(ids.Forming, { ...defaultParams, admissionPolicy: AdmissionPolicy.CdoDecision });
      expect(await registry.admissionPolicyOf(ids.Forming)).to.equal(AdmissionPolicy.CdoDecision);
      expect(await registry.admissionPolicyOf(ids.Active)).to.equal(AdmissionPolicy.MembersVote);
      await expect(registry.admissionPolicyOf(99n)).to.be.revertedWithCustomError(registry, "UnknownCluster").withArgs(99n);
    });
  });

  describe("wind-down period", function () {
    it("fixes each cluster's wind-down period when it is registered", async function () {
      const { registry, ids } = await loadFixture(clusterInEveryStatus);
      expect(await registry.windDownPeriodOf(ids.Dissolving)).to.equal(30n * BigInt(DAY));
    });

    it("keeps a dissolving cluster's wind-down when the CDC changes the platform's setting afterwards", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await expect(registry.setWindDownPeriod(0)).to.emit(registry, "WindDownPeriodChanged").withArgs(0n);
      const endsAt = (await registry.dissolvingSince(ids.Dissolving)) + BigInt(30 * DAY);
      await expect(registry.connect(signers.stranger).completeDissolution(ids.Dissolving))
        .to.be.revertedWithCustomError(registry, "WindDownNotOver")
        .withArgs(ids.Dissolving, endsAt);
      expect(await registry.windDownPeriodOf(ids.Dissolving)).to.equal(BigInt(30 * DAY));
    });

    it("gives clusters registered after a change the new period, and announces it per cluster", async function () {
      const { registry, signers } = await loadFixture(platformDeployed);
      await registry.setWindDownPeriod(HOUR);
      await expect(registry.registerInitiative("Later", signers.cdo.address, defaultParams, []))
        .to.emit(registry, "ClusterWindDownPeriod")
        .withArgs(1n, BigInt(HOUR));
      expect(await registry.windDownPeriodOf(1n)).to.equal(BigInt(HOUR));
      await expect(registry.windDownPeriodOf(2n)).to.be.revertedWithCustomError(registry, "UnknownCluster").withArgs(2n);
    });
  });

  describe("attachComponent", function () {
    it("records a component of a forming cluster and announces it", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await registry.grantRole(FACTORY_ROLE, signers.cdc.address);
      const kind = componentKindId("Governor");
      await expect(registry.attachComponent(ids.Forming, kind, signers.frank.address))
        .to.emit(registry, "ComponentAttached")
        .withArgs(ids.Forming, kind, signers.frank.address);
      expect(await registry.componentOf(ids.Forming, kind)).to.equal(signers.frank.address);
    });

    it("refuses a caller without the factory role, even the CDC", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await expect(registry.attachComponent(ids.Forming, MEMBERSHIP, signers.frank.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(signers.cdc.address, FACTORY_ROLE);
    });

    it("refuses a second component of the same kind", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await registry.grantRole(FACTORY_ROLE, signers.cdc.address);
      await registry.attachComponent(ids.Forming, MEMBERSHIP, signers.frank.address);
      await expect(registry.attachComponent(ids.Forming, MEMBERSHIP, signers.erin.address))
        .to.be.revertedWithCustomError(registry, "ComponentAlreadyAttached")
        .withArgs(ids.Forming, MEMBERSHIP);
    });

    it("refuses a zero component", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await registry.grantRole(FACTORY_ROLE, signers.cdc.address);
      await expect(registry.attachComponent(ids.Forming, MEMBERSHIP, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(registry, "ZeroAddress")
        .withArgs("component");
    });

    it("accepts attachment while the cluster is an Initiative (its group's Membership and Governor)", async function () {
      const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
      await registry.grantRole(FACTORY_ROLE, signers.cdc.address);
      await expect(registry.attachComponent(ids.Initiative, MEMBERSHIP, signers.frank.address))
        .to.emit(registry, "ComponentAttached")
        .withArgs(ids.Initiative, MEMBERSHIP, signers.frank.address);
    });

    for (const status of ["Voting", "Active", "Dissolving", "Dissolved", "Rejected"] as const) {
      it(`refuses attachment while the cluster is ${status}`, async function () {
        const { registry, ids, signers } = await loadFixture(clusterInEveryStatus);
        await registry.grantRole(FACTORY_ROLE, signers.cdc.address);
        const kind = componentKindId("Governor");
        await expect(registry.attachComponent(ids[status], kind, signers.frank.address))
          .to.be.revertedWithCustomError(registry, "ClusterReadOnly")
          .withArgs(ids[status], Status[status]);
      });
    }

    it("refuses attachment to an unknown cluster", async function () {
      const { registry, signers } = await loadFixture(platformDeployed);
      await registry.grantRole(FACTORY_ROLE, signers.cdc.address);
      await expect(registry.attachComponent(5n, MEMBERSHIP, signers.frank.address))
        .to.be.revertedWithCustomError(registry, "UnknownCluster")
        .withArgs(5n);
    });
  });

  describe("views", function () {
    it("answers None for the status of an unknown id and reverts the other views", async function () {
      const { registry, services } = await loadFixture(platformDeployed);
      expect(await registry.statusOf(0n)).to.equal(Status.None);
      expect(await registry.statusOf(1n)).to.equal(Status.None);
      for (const view of [
        registry.cluster(1n),
        registry.cdoOf(1n),
        registry.componentOf(1n, MEMBERSHIP),
        registry.isServiceEnabled(1n, services.documents),
        registry.enabledServices(1n),
      ]) {
        await expect(view).to.be.revertedWithCustomError(registry, "UnknownCluster").withArgs(1n);
      }
    });
  });
});
