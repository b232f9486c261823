import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, StartupError } from "../../backend/server.js";
import { testConfig } from "./support/server.js";
import { computeAddress, id, SigningKey, type HDNodeWallet } from "ethers";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { INodeRegistry__factory, ValidatorSet__factory, type INodeRegistry } from "../../types/typechain/index.js";
import { PermissioningOperator } from "../../backend/operators/permissioning/operator.js";
import { parseNetworkFile, NetworkFileError, type NetworkFile } from "../../backend/operators/permissioning/networkFile.js";
import { desiredAllowlists } from "../../backend/network/desired.js";
import { nodeReports, recentActions, validatorsReport } from "../../backend/operators/permissioning/state.js";
import { FakeBesuNetwork, type FakeBesuNode } from "./support/fakeBesu.js";
import { account } from "./support/chain.js";
import { bearer, componentApi, threeFoundersSpec, type ComponentApi } from "./support/components.js";
import { decideTogether, platformWorld, send, type PlatformWorld } from "./support/world.js";
import { governorOf } from "./support/governance.js";

const NODES = [
  { name: "validator-1", validator: true },
  { name: "validator-2", validator: true },
  { name: "validator-3", validator: true },
  { name: "validator-4", validator: true },
  { name: "rpc", validator: false },
];

function networkFileOf(net: FakeBesuNetwork, extra: Partial<NetworkFile> = {}): NetworkFile {
  return parseNetworkFile({ ...extra, nodes: net.nodes.map((n) => ({ name: n.name, rpcUrl: n.url, validator: n.validator })) });
}

/** A node key of a member's own Besu node (64 bytes, as in its enode URL). */
function memberNode(seed: number, host: string): { publicKey: string; id: string; enode: string } {
  const key = new SigningKey(id(`member node ${seed}`));
  const publicKey = key.publicKey.slice(4);
  return { publicKey: `0x${publicKey}`, id: computeAddress(key.publicKey).toLowerCase(), enode: `enode://${publicKey}@${host}:30303` };
}

function permWrites(node: FakeBesuNode): number {
  return node.calls.filter((c) => /^perm_(add|remove)/.test(c.method)).length;
}

describe("Permissioning operator (a network of Besu-shaped nodes)", function () {
  let world: PlatformWorld;
  let env: ComponentApi;
  let net: FakeBesuNetwork;
  let operator: PermissioningOperator;
  let registry: INodeRegistry;
  let a: HDNodeWallet, b: HDNodeWallet, c: HDNodeWallet, cdo: HDNodeWallet, opKey: HDNodeWallet;
  let clusterId: bigint;
  const logs: string[] = [];

  const sync = () => env.index.indexer.syncToHead();
  const nodeOf = (name: string) => net.nodes.find((n) => n.name === name)!;
  const reportOf = async (name: string) => (await nodeReports(env.index.db)).find((r) => r.name === name)!;
  const makeOperator = (network: NetworkFile) =>
    new PermissioningOperator({
      db: env.index.db,
      provider: world.chain.provider,
      indexer: env.index.indexer,
      network,
      nodeRegistry: world.record.contracts.NodeRegistry!.address,
      privateKey: opKey.privateKey,
      rpcTimeoutMs: 2000,
      log: (line) => logs.push(line),
    });

  before(async function () {
    world = await platformWorld();
    const { provider } = world.chain;
    [a, b, c, cdo, opKey] = [50, 51, 52, 53, 54].map((i) => account(i, provider));
    for (const w of [a, b, c, opKey]) await (await world.cdc.sendTransaction({ to: w.address, value: 10n ** 19n })).wait();
    const spec = threeFoundersSpec(
      { a, b, c },
      { name: "Network Test Cluster", cdo: cdo.address, services: ["authentication", "cluster-registration", "service-configuration"] },
    );
    clusterId = (await createClusterFromSpec(world.cdc, world.record, spec)).clusterId;
    registry = INodeRegistry__factory.connect(world.record.contracts.NodeRegistry!.address, world.cdc);
    env = await componentApi(world);
    net = new FakeBesuNetwork({ nodes: NODES, blockPeriodMs: 20 });
    await net.start();
    operator = makeOperator(networkFileOf(net));
  });

  after(async function () {
    await operator?.stop();
    await net?.stop();
    await env?.close();
  });

  it("brings every node's allowlists to what the chain decides, and then writes nothing", async function () {
    const [approved, pending] = [memberNode(1, "10.20.0.1"), memberNode(2, "10.20.0.2")];
    await send(registry.connect(a).registerNode(clusterId, approved.publicKey, "10.20.0.1", 30303));
    await send(registry.approveNode(approved.id));
    await send(registry.connect(b).registerNode(clusterId, pending.publicKey, "10.20.0.2", 30303));
    await send(registry.grantAccount(opKey.address));
    await sync();
    await operator.passNow();

    const desired = await desiredAllowlists(env.index.db);
    const managed = net.nodes.map((n) => n.enode.toLowerCase());
    for (const node of net.nodes) {
      expect(node.nodesAllowlist, node.name).to.have.members([...new Set([...desired.nodes, ...managed])]);
      expect(node.nodesAllowlist, node.name).to.include(approved.enode).and.not.include(pending.enode);
      expect(node.accountsAllowlist, node.name).to.have.members(desired.accounts);
      for (const who of [a, b, c, cdo, world.cdc, opKey]) expect(node.accountsAllowlist, `${node.name} ${who.address}`).to.include(who.address.toLowerCase());
      expect(node.accountsAllowlist).not.to.include(world.outsider.address.toLowerCase());
      // A dissolved cluster's members act no more.
      expect(node.accountsAllowlist).not.to.include(account(15, world.chain.provider).address.toLowerCase());
    }
    expect((await nodeReports(env.index.db)).every((r) => r.reachable && r.inSync)).to.equal(true);

    const writes = net.nodes.map(permWrites);
    await operator.passNow();
    expect(net.nodes.map(permWrites)).to.deep.equal(writes);
  });

  it("finds a node changed by hand, says what changed, and puts it back", async function () {
    const rpc = nodeOf("rpc");
    const approved = memberNode(1, "10.20.0.1");
    rpc.editByHand({ addAccounts: [world.outsider.address], removeAccounts: [a.address], removeNodes: [approved.enode] });
    await operator.passNow();
    expect(rpc.accountsAllowlist).to.include(a.address.toLowerCase()).and.not.include(world.outsider.address.toLowerCase());
    expect(rpc.nodesAllowlist).to.include(approved.enode);
    const drift = (await reportOf("rpc")).lastDrift!;
    expect(drift.accountsAdded).to.deep.equal([world.outsider.address.toLowerCase()]);
    expect(drift.accountsRemoved).to.deep.equal([a.address.toLowerCase()]);
    expect(drift.nodesRemoved).to.deep.equal([approved.enode]);
    const actions = (await recentActions(env.index.db, 20)).filter((x) => x.node === "rpc");
    expect(actions.map((x) => x.action)).to.include("drift corrected");
    // The other nodes were not touched by hand and report none.
    expect((await reportOf("validator-1")).lastDrift).to.equal(null);
  });

  it("drops an expelled member's node and account at once, and records on chain that its owner left", async function () {
    const cNode = memberNode(3, "10.20.0.3");
    await send(registry.connect(c).registerNode(clusterId, cNode.publicKey, "10.20.0.3", 30303));
    await send(registry.approveNode(cNode.id));
    await sync();
    await operator.passNow();
    expect(nodeOf("validator-2").nodesAllowlist).to.include(cNode.enode);

    const governor = await governorOf(world, clusterId, a);
    await decideTogether(world.chain.provider, governor, [a, b], [(g) => g.proposeExpulsion(c.address, "Expel Gamma Logistics")]);
    await sync();
    await operator.passNow();
    for (const node of net.nodes) {
      expect(node.nodesAllowlist, node.name).not.to.include(cNode.enode);
      expect(node.accountsAllowlist, node.name).not.to.include(c.address.toLowerCase());
    }
    const onChain = await registry.node(cNode.id);
    expect(onChain.status).to.equal(4n); // Removed
    expect((await recentActions(env.index.db, 50)).some((x) => x.action === "prune node" && x.outcome === "ok" && x.detail.startsWith(cNode.id))).to.equal(
      true,
    );
  });

  it("keeps retrying a node that is down, reports it once, and brings it up to date when it answers", async function () {
    const v4 = nodeOf("validator-4");
    const newcomer = account(55, world.chain.provider).address.toLowerCase();
    v4.setDown(true);
    await send(registry.grantAccount(newcomer));
    await sync();
    await operator.passNow();
    await operator.passNow();
    const down = await reportOf("validator-4");
    expect([down.reachable, down.failedPasses, down.downSince !== null]).to.deep.equal([false, 2, true]);
    expect((await recentActions(env.index.db, 50)).filter((x) => x.node === "validator-4" && x.action === "unreachable")).to.have.length(1);
    for (const node of net.nodes.filter((n) => n !== v4)) expect(node.accountsAllowlist, node.name).to.include(newcomer);
    expect(v4.accountsAllowlist).not.to.include(newcomer);

    v4.setDown(false);
    await operator.passNow();
    expect(v4.accountsAllowlist).to.include(newcomer);
    expect(await reportOf("validator-4")).to.include({ reachable: true, inSync: true, failedPasses: 0, downSince: null });
    expect((await recentActions(env.index.db, 5)).some((x) => x.node === "validator-4" && x.action === "reachable again")).to.equal(true);
    // Nothing changed on it by hand while it was down: no drift.
    expect((await reportOf("validator-4")).lastDrift).to.equal(null);
  });

  it("converges after a restart mid-sync without calling its own writes drift", async function () {
    const v3 = nodeOf("validator-3");
    const late = account(56, world.chain.provider).address.toLowerCase();
    const lateNode = memberNode(4, "10.20.0.4");
    await send(registry.grantAccount(late));
    await send(registry.connect(a).registerNode(clusterId, lateNode.publicKey, "10.20.0.4", 30303));
    await send(registry.approveNode(lateNode.id));
    await sync();
    // The node accepts the first write, then goes silent: the operator stops there, mid-way.
    const record = v3.calls.push.bind(v3.calls);
    v3.calls.push = (...calls) => {
      const n = record(...calls);
      if (calls.some((call) => call.method.startsWith("perm_add"))) v3.setDown(true);
      return n;
    };
    await operator.passNow();
    v3.calls.push = record;
    expect(v3.nodesAllowlist.includes(lateNode.enode) !== v3.accountsAllowlist.includes(late), "exactly one of the two writes landed").to.equal(true);
    await operator.stop();

    v3.setDown(false);
    operator = makeOperator(networkFileOf(net));
    await operator.passNow();
    expect(v3.nodesAllowlist).to.include(lateNode.enode);
    expect(v3.accountsAllowlist).to.include(late);
    expect(await reportOf("validator-3")).to.include({ inSync: true });
    expect((await reportOf("validator-3")).lastDrift).to.equal(null);
  });

  it("carries a decided validator change out by votes on every validator, and drops the votes once it holds", async function () {
    const rpc = nodeOf("rpc");
    const validators = net.nodes.filter((n) => n.validator).map((n) => n.address);
    const set = await new ValidatorSet__factory(world.cdc).deploy(world.cdc.address, validators);
    await set.waitForDeployment();
    await operator.stop();
    operator = makeOperator(networkFileOf(net, { validatorSet: (await set.getAddress()).toLowerCase() }));
    await send(set.addValidator(rpc.address));
    await sync();

    await operator.passNow();
    for (const v of net.nodes.filter((n) => n.validator)) {
      expect(
        v.calls.some((x) => x.method === "qbft_proposeValidatorVote" && x.params[0] === rpc.address && x.params[1] === true),
        v.name,
      ).to.equal(true);
    }
    expect(await validatorsReport(env.index.db)).to.include({ inEffect: false, mode: "header" });
    const deadline = Date.now() + 10_000;
    while (!(await validatorsReport(env.index.db))!.inEffect && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      await operator.passNow();
    }
    const report = (await validatorsReport(env.index.db))!;
    expect(report.current).to.include(rpc.address);
    expect(report.signerMetrics!.length).to.be.greaterThan(0);
    await operator.passNow(); // the votes that carried it are discarded
    for (const v of net.nodes.filter((n) => n.validator)) {
      expect((await reportOf(v.name)).pendingVotes ?? {}, v.name).not.to.have.property(rpc.address);
    }
  });

  it("only watches in contract mode, where Besu reads the validator set itself", async function () {
    const contractNet = new FakeBesuNetwork({ nodes: NODES.slice(0, 2).map((n) => ({ ...n, name: `c-${n.name}` })), mode: "contract", blockPeriodMs: 20 });
    await contractNet.start();
    try {
      const validators = contractNet.nodes.map((n) => n.address);
      const set = await new ValidatorSet__factory(world.cdc).deploy(world.cdc.address, [validators[0]!]);
      await set.waitForDeployment();
      contractNet.setContractValidators([validators[0]!]);
      await operator.stop();
      operator = makeOperator(networkFileOf(contractNet, { mode: "contract", validatorSet: (await set.getAddress()).toLowerCase() }));
      await send(set.addValidator(validators[1]!));
      await sync();
      await operator.passNow();
      expect(await validatorsReport(env.index.db)).to.include({ mode: "contract", inEffect: false });
      contractNet.setContractValidators(validators); // Besu reads the contract from the next block
      await new Promise((r) => setTimeout(r, 100));
      await operator.passNow();
      expect(await validatorsReport(env.index.db)).to.include({ inEffect: true });
      expect(contractNet.nodes.flatMap((n) => n.calls).some((x) => x.method.startsWith("qbft_proposeValidatorVote"))).to.equal(false);
    } finally {
      await contractNet.stop();
    }
  });

  it("serves the network to the CDC and each member's own nodes to them", async function () {
    const get = async (path: string, who?: string) => {
      const res = await fetch(`${env.api}${path}`, { headers: who ? { authorization: await bearer(who) } : {} });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const overview = await get("/network", world.cdc.address);
    expect(overview.status).to.equal(200);
    const body = overview.body as { registry: string; nodes: { name: string }[]; registered: { owner: string; allowed: boolean }[]; actions: unknown[] };
    expect(body.registry).to.equal(world.record.contracts.NodeRegistry!.address.toLowerCase());
    expect(body.nodes.map((n) => n.name)).to.include.members(["validator-1", "rpc"]);
    expect(body.registered.some((n) => n.owner === a.address.toLowerCase() && n.allowed)).to.equal(true);
    expect(body.actions.length).to.be.greaterThan(0);
    expect((await get("/network", a.address)).status).to.equal(403);
    expect((await get("/network")).status).to.equal(401);
    const mine = (await get("/network/nodes", a.address)).body as { items: { owner: string }[] };
    expect(mine.items.length).to.be.greaterThan(0);
    expect(mine.items.every((n) => n.owner === a.address.toLowerCase())).to.equal(true);
    expect(((await get("/network/nodes", world.outsider.address)).body as { items: unknown[] }).items).to.deep.equal([]);
  });

  it("runs in the backend where CLUSTER_NETWORK_FILE names the nodes, and refuses to start on a bad file", async function () {
    const dir = await mkdtemp(join(tmpdir(), "cluster-network-"));
    const file = join(dir, "network.json");
    const extra = net.nodes.map((n) => ({ name: `s-${n.name}`, validator: n.validator }));
    const serverNet = new FakeBesuNetwork({ nodes: extra.slice(0, 2) });
    await serverNet.start();
    const env = {
      CLUSTER_RPC_URL: world.chain.url,
      CLUSTER_DEPLOYMENT: world.recordPath,
      CLUSTER_DB: join(dir, "index.sqlite"),
      CLUSTER_API_PORT: "0",
      CLUSTER_IPFS_DIR: join(dir, "ipfs"),
      CLUSTER_NETWORK_FILE: file,
      CLUSTER_PERMISSIONING_POLL_MS: "200",
    };
    try {
      await writeFile(file, JSON.stringify({ nodes: [{ name: "Bad Name", rpcUrl: "http://127.0.0.1:1" }] }));
      const refused = await startServer(testConfig(env), () => {}).then(
        async (running) => (await running.stop(), "started"),
        (e: unknown) => (e instanceof StartupError ? e.message : `unexpected: ${String(e)}`),
      );
      expect(refused).to.match(/^Refusing to start: Invalid .*network.json: nodes\.0\.name/);

      await writeFile(file, JSON.stringify(networkFileOf(serverNet)));
      const running = await startServer(testConfig(env), () => {});
      try {
        expect(running.permissioning).not.to.equal(null);
        const deadline = Date.now() + 60_000;
        while (!serverNet.nodes.every((n) => n.accountsAllowlist.includes(a.address.toLowerCase())) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
        }
        for (const n of serverNet.nodes) expect(n.accountsAllowlist, n.name).to.include(a.address.toLowerCase());
        const metrics = await (await fetch(`${running.url}/metrics`)).text();
        expect(metrics).to.match(/cluster_operator_actions_total\{[^}]*operator="permissioning"[^}]*\} [1-9]/);
      } finally {
        await running.stop();
      }
    } finally {
      await serverNet.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a network file that names no node, a node twice, or a bad URL", function () {
    const node = { name: "v1", rpcUrl: "http://10.0.0.1:8545" };
    for (const [file, problem] of [
      [{ nodes: [] }, "at least one node"],
      [{ nodes: [node, node] }, "unique"],
      [{ nodes: [{ ...node, rpcUrl: "ftp://x" }] }, "nodes.0.rpcUrl"],
      [{ nodes: [node], validatorSet: "0x12" }, "validatorSet"],
      [{ nodes: [node], mode: "clique" }, "mode"],
    ] as const) {
      expect(() => parseNetworkFile(file)).to.throw(NetworkFileError, problem);
    }
  });
});
