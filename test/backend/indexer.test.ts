import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { ADMISSION_POLICIES, CLUSTER_STATUSES, FLOW_KINDS, MEMBER_KINDS, MEMBER_ROLES, REPOSITORIES } from "../../core/chain/enums.js";
import { configHistory, getCluster, listClusters } from "../../backend/services/cluster-registration/clusters.js";
import { listMembers, memberDirectory } from "../../backend/services/cluster-registration/members.js";
import { clusterNetwork } from "../../backend/services/cluster-registration/network.js";
import { getService, listServices } from "../../backend/services/service-configuration/services.js";
import { INSTALLED_NAMES } from "../../backend/services/index.js";
import { ManifestLibrary } from "../../backend/services/manifests.js";
import { rolesOf } from "../../backend/auth/roles.js";
import { readCheckpoint } from "../../backend/indexer/checkpoint.js";
import { ClusterRegistry__factory, IMembership__factory, ServiceCatalog__factory } from "../../types/typechain/index.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import type { ClusterSpecJson } from "../../deploy/spec.js";
import { setMeta } from "../../backend/db/meta.js";
import { account } from "./support/chain.js";
import { dumpIndex, indexOf, type TestIndex } from "./support/index.js";
import { CDC_ROLE, platformWorld, type PlatformWorld } from "./support/world.js";
import { componentKindId } from "../../core/chain/componentKinds.js";

describe("indexer", function () {
  let world: PlatformWorld;
  let index: TestIndex;

  before(async function () {
    world = await platformWorld();
    index = await indexOf(world.chain.provider, world.recordPath);
  });
  after(async () => index?.close());

  it("indexes every block up to the head it was asked to reach", async function () {
    expect((await readCheckpoint(index.db))!.block).to.be.at.least(world.lastBlock);
  });

  it("holds the service catalog exactly as the catalog contract reports it", async function () {
    const catalog = ServiceCatalog__factory.connect(world.record.contracts.ServiceCatalog.address, world.chain.provider);
    const count = Number(await catalog.serviceCount());
    const manifests = new ManifestLibrary();
    const indexed = await listServices(index.db, manifests, INSTALLED_NAMES);
    expect(indexed).to.have.length(count);
    for (const s of indexed) {
      const onChain = await catalog.service(s.id);
      expect(s).to.include({
        name: onChain.name,
        repository: REPOSITORIES[Number(onChain.repository)],
        version: onChain.version,
        manifestCid: onChain.manifestCid,
        status: onChain.status === 2n ? "deprecated" : "active",
      });
      expect(s.versions.at(-1)).to.include({ version: onChain.version, manifestCid: onChain.manifestCid });
    }
    expect((await getService(index.db, manifests, INSTALLED_NAMES, 1))!.versions.map((v) => v.version)).to.have.length(2);
    expect((await listServices(index.db, manifests, INSTALLED_NAMES, "basic")).every((s) => s.repository === "basic")).to.equal(true);
  });

  it("holds every cluster with its status, CDO, configuration and components as the registry reports them", async function () {
    const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, world.chain.provider);
    const count = Number(await registry.clusterCount());
    expect((await listClusters(index.db)).rows).to.have.length(count);
    for (let id = 1; id <= count; id++) {
      const onChain = await registry.cluster(id);
      const indexed = (await getCluster(index.db, id))!;
      expect(indexed, `cluster ${id}`).to.include({
        name: onChain.name,
        cdo: onChain.cdo.toLowerCase(),
        status: CLUSTER_STATUSES[Number(onChain.status)],
        configVersion: Number(onChain.configVersion),
      });
      const p = onChain.params;
      expect(indexed.params).to.deep.equal({
        votingPeriod: Number(p.votingPeriod),
        quorumBps: Number(p.quorumBps),
        approvalThresholdBps: Number(p.approvalThresholdBps),
        admissionPolicy: ADMISSION_POLICIES[Number(p.admissionPolicy)],
        documentsMustBeEncrypted: p.documentsMustBeEncrypted,
        coreVeto: p.coreVeto,
        clearingCycleLength: Number(p.clearingCycleLength),
        settlementToken: p.settlementToken.toLowerCase(),
      });
      expect(indexed.enabledServices).to.deep.equal((await registry.enabledServices(id)).map(Number).sort((a, b) => a - b));
      const membership = (await registry.componentOf(id, componentKindId("Membership"))).toLowerCase();
      expect(indexed.membership).to.equal(membership === ZeroAddress ? null : membership);
      expect(new Date(indexed.createdAt).getTime() / 1000).to.equal(Number(onChain.createdAt));
    }
  });

  it("records each life-cycle transition in order, from registration to dissolution or rejection", async function () {
    const statuses = async (id: number) => (await getCluster(index.db, id))!.statusHistory.map((h) => `${h.from}>${h.to}`);
    expect(await statuses(Number(world.demo.clusterId))).to.deep.equal(["none>initiative", "initiative>voting", "voting>forming", "forming>active"]);
    expect((await statuses(Number(world.second.clusterId))).slice(-2)).to.deep.equal(["active>dissolving", "dissolving>dissolved"]);
    expect((await listClusters(index.db, "rejected")).rows.map((c) => c.name)).to.deep.equal(["Mozyr Chemical Initiative"]);
    expect((await listClusters(index.db, "initiative")).rows.map((c) => c.name)).to.deep.equal(["Vitebsk Textile Initiative"]);
  });

  it("keeps the configuration history newest first, ending at the cluster's configuration version", async function () {
    const id = Number(world.demo.clusterId);
    const history = await configHistory(index.db, id);
    expect(history[0].configVersion).to.equal((await getCluster(index.db, id))!.configVersion);
    const versions = history.map((h) => h.configVersion);
    expect(versions).to.deep.equal([...versions].sort((a, b) => b - a));
    expect(history.slice(0, 4).map((h) => h.change.type)).to.deep.equal(["serviceEnabled", "serviceEnabled", "serviceDisabled", "params"]);
    const params = history[3].change;
    expect(params.type === "params" && params.params.admissionPolicy).to.equal("coreVote");
    expect(history.filter((h) => h.configVersion === 1).length).to.equal(10); // params + the 9 demo services
  });

  it("holds every member with the role the Membership reports and the profile and key its latest events carry", async function () {
    for (const cluster of [world.demo, world.second]) {
      const membership = IMembership__factory.connect(cluster.membership, world.chain.provider);
      const members = (await memberDirectory(index.db, Number(cluster.clusterId))).rows;
      expect(members).to.have.length(Number(await membership.memberCount()));
      // The contract keeps only kind, role, node id and join time; names, CIDs and keys are in events.
      const latest = new Map<string, { name: string; registrationCid: string; encryptionKey: string | null }>();
      for (const e of await membership.queryFilter(membership.filters.MemberAdded()))
        latest.set(e.args.account.toLowerCase(), { name: e.args.name, registrationCid: e.args.registrationCid, encryptionKey: null });
      for (const e of await membership.queryFilter(membership.filters.ProfileUpdated()))
        Object.assign(latest.get(e.args.account.toLowerCase())!, { name: e.args.name, registrationCid: e.args.registrationCid });
      for (const e of await membership.queryFilter(membership.filters.EncryptionKeySet()))
        latest.get(e.args.account.toLowerCase())!.encryptionKey = e.args.key === "0x" ? null : e.args.key;
      for (const m of members) {
        const onChain = await membership.member(m.address);
        expect(m).to.include({
          nodeId: Number(onChain.nodeId),
          kind: MEMBER_KINDS[Number(onChain.kind)],
          role: MEMBER_ROLES[Number(onChain.role)],
          ...latest.get(m.address),
        });
        expect(new Date(m.joinedAt).getTime() / 1000).to.equal(Number(onChain.joinedAt));
      }
    }
    const demo = (await listMembers(index.db, Number(world.demo.clusterId))).rows;
    expect(demo.find((m) => m.address === world.member.address.toLowerCase())!.hasEncryptionKey).to.equal(true);
    expect(demo.find((m) => m.name === "Gomel Robotics Lab")).to.include({ kind: "rndCentre", role: "participant" });
  });

  it("draws the network with every node and exactly the links still active on chain", async function () {
    const id = Number(world.demo.clusterId);
    const membership = IMembership__factory.connect(world.demo.membership, world.chain.provider);
    const network = await clusterNetwork(index.db, id);
    expect(network.nodes.map((n) => n.id)).to.deep.equal(Array.from({ length: Number(await membership.nodeCount()) }, (_, i) => i + 1));
    expect(network.nodes.filter((n) => n.type === "partner").map((n) => n.label)).to.deep.equal(["Vistula Steel Supply", "Baltic Port Services"]);
    const expected = [];
    for (let linkId = 1; linkId <= Number(await membership.linkCount()); linkId++) {
      const link = await membership.link(linkId);
      if (link.active) {
        expected.push({
          id: linkId,
          from: Number(link.from),
          to: Number(link.to),
          kind: FLOW_KINDS[Number(link.kind)],
          clusterActivity: link.clusterActivity,
        });
      }
    }
    expect(network.links).to.deep.equal(expected);
    expect(network.links.map((l) => l.id)).not.to.include(1);
  });

  it("knows who holds CDC_ROLE, who is a CDO and who is a member", async function () {
    const DEMO_NAME = "Dnepr-Sozh Machine-Building Cluster";
    const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, world.chain.provider);
    const reg = world.record.contracts.ClusterRegistry.address;
    for (const i of [0, 18, 19, 17]) {
      const who = account(i, world.chain.provider).address;
      expect((await rolesOf(index.db, who, reg)).cdc, `account ${i}`).to.equal(await registry.hasRole(CDC_ROLE, who));
    }
    expect((await rolesOf(index.db, world.cdo.address, reg)).clusters).to.deep.equal([
      { clusterId: Number(world.demo.clusterId), clusterName: DEMO_NAME, cdo: true, role: null, memberName: null },
    ]);
    expect((await rolesOf(index.db, world.member.address, reg)).clusters).to.deep.equal([
      { clusterId: Number(world.demo.clusterId), clusterName: DEMO_NAME, cdo: false, role: "core", memberName: "Nemiga Tractor Works" },
    ]);
  });

  it("picks up a cluster created while it runs, without a restart", async function () {
    index.indexer.start();
    try {
      const spec: ClusterSpecJson = {
        name: "Late Cluster",
        cdo: account(9, world.chain.provider).address,
        params: {
          votingPeriod: 86_400,
          quorumBps: 1,
          approvalThresholdBps: 1,
          admissionPolicy: "cdoDecision",
          documentsMustBeEncrypted: false,
          clearingCycleLength: 86_400,
        },
        services: [],
        founders: [{ account: account(7, world.chain.provider).address, name: "Late Founder", kind: "other", role: "core" }],
      };
      const created = await createClusterFromSpec(world.cdc, world.record, spec);
      await index.indexer.waitFor(created.blockNumber, 20_000);
      expect((await listMembers(index.db, Number(created.clusterId))).rows.map((m) => m.name)).to.deep.equal(["Late Founder"]);
      expect((await getCluster(index.db, Number(created.clusterId)))!.status).to.equal("active");
    } finally {
      await index.indexer.stop();
    }
  });

  it("builds the same index whatever the batch size (one block at a time or all at once)", async function () {
    const small = await indexOf(world.chain.provider, world.recordPath, { batchBlocks: 1 });
    const large = await indexOf(world.chain.provider, world.recordPath, { batchBlocks: 100_000 });
    try {
      expect((await readCheckpoint(small.db))!.block).to.equal((await readCheckpoint(large.db))!.block);
      expect(await dumpIndex(small.db)).to.deep.equal(await dumpIndex(large.db));
    } finally {
      await small.close();
      await large.close();
    }
  });

  it("reads a batch again when it failed to commit, dropping the batch read ahead of it", async function () {
    let failures = 0;
    const hooks = {
      // Fails one batch with logs once, well into the chain: the next batch is being read ahead by then.
      beforeCommit: ({ from, logs }: { from: number; logs: number }) => {
        if (failures === 0 && logs > 0 && from > world.record.contracts.ServiceCatalog.block + 5) {
          failures++;
          throw new Error("the store failed before COMMIT");
        }
      },
    };
    const flaky = await indexOf(world.chain.provider, world.recordPath, { batchBlocks: 4, sync: false, hooks });
    try {
      const error = await flaky.indexer.syncToHead().then(
        () => null,
        (err: Error) => err,
      );
      expect(error?.message).to.equal("the store failed before COMMIT");
      await flaky.indexer.syncToHead();
      const whole = await indexOf(world.chain.provider, world.recordPath, { batchBlocks: 100_000 });
      try {
        expect(await dumpIndex(flaky.db)).to.deep.equal(await dumpIndex(whole.db));
      } finally {
        await whole.close();
      }
    } finally {
      await flaky.close();
    }
  });

  it("applies nothing twice when a batch is fetched again", async function () {
    const before = await dumpIndex(index.db);
    // Rewind the checkpoint to the deployment: every log comes back and must be skipped.
    await setMeta(index.db, "checkpoint_block", String(world.record.contracts.ServiceCatalog.block - 1));
    await setMeta(index.db, "checkpoint_hash", "");
    const report = await index.indexer.syncToHead();
    expect(report.logsApplied).to.equal(0);
    expect(await dumpIndex(index.db)).to.deep.equal(before);
  });
});
