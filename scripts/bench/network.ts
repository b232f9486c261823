import { join } from "node:path";
import { SigningKey, Wallet, id } from "ethers";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { readDeployment } from "../../core/node/deploymentFile.js";
import { startStrictRpc } from "../../deploy/besu/strictRpc.js";
import { openDatabase } from "../../backend/db/open.js";
import { Indexer } from "../../backend/indexer/indexer.js";
import { PermissioningOperator } from "../../backend/operators/permissioning/operator.js";
import { parseNetworkFile } from "../../backend/operators/permissioning/networkFile.js";
import { nodeReports } from "../../backend/operators/permissioning/state.js";
import { FakeBesuNetwork } from "../../test/backend/support/fakeBesu.js";
import { IMembership__factory, INodeRegistry__factory } from "../../types/typechain/index.js";
import { localAccount } from "../lib/accounts.js";
import { percentile } from "./report.js";
import type { BenchWorld } from "./world.js";

export interface Convergence {
  label: string;
  passes: number;
  seconds: number;
  writes: number;
}

export interface NetworkBench {
  nodes: number;
  changes: number;
  nodesAllowlist: number;
  accountsAllowlist: number;
  indexSeconds: number;
  runs: Convergence[];
  idlePassMs: { p50: number; p99: number };
  proxy: { calls: number; directP50: number; proxiedP50: number; directP99: number; proxiedP99: number };
}

const NODES = Number(process.env.BENCH_NETWORK_NODES ?? 20);
const CHANGES = Number(process.env.BENCH_NETWORK_CHANGES ?? 100);
const PROXY_CALLS = Number(process.env.BENCH_PROXY_CALLS ?? 2000);

/** Sequential eth_blockNumber calls: the time of each, in ms, sorted. */
async function callTimes(url: string, calls: number): Promise<number[]> {
  const times: number[] = [];
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] });
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })).json();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/**
 * The permissioning operator keeping a network of Besu-shaped nodes (test/backend/support/fakeBesu.ts,
 * each its own HTTP server) equal to the chain: from empty allowlists, then after CHANGES
 * membership changes (admissions by the CDO, a tenth of them with a node registered and approved);
 * the cost of a pass with nothing to do; and what the strict JSON-RPC proxy adds to a call.
 */
export async function measureNetwork(world: BenchWorld, chainUrl: string, dir: string, say: (line: string) => void): Promise<NetworkBench> {
  const { provider, cdc, record } = world;
  const cdo = localAccount(9, provider);
  const created = await createClusterFromSpec(cdc, record, {
    ...world.demo,
    name: "Network bench cluster",
    cdo: cdo.address,
    params: { ...world.demo.params, admissionPolicy: "cdoDecision" },
  });
  const membership = IMembership__factory.connect(created.membership, cdo);
  const registry = INodeRegistry__factory.connect(record.contracts.NodeRegistry!.address, cdc);

  const db = await openDatabase(join(dir, "network-index.sqlite"));
  const indexer = new Indexer({ db, provider, loadDeployment: () => readDeployment(join(dir, "deployment.json")), batchBlocks: 2000, pollMs: 50 });
  await indexer.syncToHead();
  const net = new FakeBesuNetwork({ nodes: [...Array(NODES).keys()].map((i) => ({ name: `node-${i + 1}`, validator: i < 4 })) });
  await net.start();
  const network = parseNetworkFile({ nodes: net.nodes.map((n) => ({ name: n.name, rpcUrl: n.url, validator: n.validator })) });
  const operator = new PermissioningOperator({
    db,
    provider,
    indexer,
    network,
    nodeRegistry: record.contracts.NodeRegistry!.address,
    privateKey: null,
    log: () => {},
  });
  const writes = () => net.nodes.reduce((sum, n) => sum + n.calls.filter((c) => /^perm_(add|remove)/.test(c.method)).length, 0);

  const converge = async (label: string): Promise<Convergence> => {
    const before = writes();
    const started = performance.now();
    let passes = 0;
    do {
      await operator.passNow();
      passes++;
    } while (!(await nodeReports(db)).every((r) => r.inSync) && passes < 10);
    const run = { label, passes, seconds: (performance.now() - started) / 1000, writes: writes() - before };
    say(`  ${label}: ${run.passes} pass(es), ${run.seconds.toFixed(3)} s, ${run.writes} perm_* writes`);
    return run;
  };

  try {
    const runs = [await converge(`${NODES} empty nodes to the chain's allowlists`)];
    say(`  ${CHANGES} membership changes on chain`);
    let nonce = await provider.getTransactionCount(cdo.address);
    let cdcNonce = await provider.getTransactionCount(cdc.address);
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const member = Wallet.createRandom(provider);
      const profile = { name: `Bench member ${i}`, kind: 0, registrationCid: `bafkreibench${i}`, encryptionKey: "0x" };
      pending.push((await membership.addMember(member.address, profile, 1, { nonce: nonce++ })).wait());
      if (i % 10 === 0) {
        // A member's own node: registered by the member (funded for it), approved by the CDC.
        pending.push((await cdc.sendTransaction({ to: member.address, value: 10n ** 17n, nonce: cdcNonce++ })).wait());
        await Promise.all(pending.splice(0));
        const key = new SigningKey(id(`bench node ${i}`));
        const node = INodeRegistry__factory.connect(registry.target as string, member);
        await (await node.registerNode(created.clusterId, `0x${key.publicKey.slice(4)}`, `10.30.${i}.1`, 30303)).wait();
        pending.push((await registry.approveNode(new Wallet(id(`bench node ${i}`)).address, { nonce: cdcNonce++ })).wait());
      }
    }
    await Promise.all(pending);
    const indexStarted = performance.now();
    await indexer.syncToHead();
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    runs.push(await converge(`${NODES} nodes after ${CHANGES} membership changes`));

    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await operator.passNow();
      idle.push(performance.now() - started);
    }
    idle.sort((a, b) => a - b);
    const sample = net.nodes[0]!;

    say(`  strict proxy: ${PROXY_CALLS} eth_blockNumber calls direct, then through the proxy`);
    const proxy = await startStrictRpc(chainUrl);
    const direct = await callTimes(chainUrl, PROXY_CALLS);
    const proxied = await callTimes(proxy.url, PROXY_CALLS);
    await proxy.close();

    return {
      nodes: NODES,
      changes: CHANGES,
      nodesAllowlist: sample.nodesAllowlist.length,
      accountsAllowlist: sample.accountsAllowlist.length,
      indexSeconds,
      runs,
      idlePassMs: { p50: percentile(idle, 0.5), p99: percentile(idle, 0.99) },
      proxy: {
        calls: PROXY_CALLS,
        directP50: percentile(direct, 0.5),
        proxiedP50: percentile(proxied, 0.5),
        directP99: percentile(direct, 0.99),
        proxiedP99: percentile(proxied, 0.99),
      },
    };
  } finally {
    await operator.stop();
    await net.stop();
    await indexer.stop();
    await db.close();
  }
}

export interface ScrapeBench {
  scrapes: number;
  bytes: number;
  p50: number;
  p99: number;
}

/** GET /metrics as Prometheus would, one scrape after another, on the running backend. */
export async function measureScrape(base: string, scrapes = 200): Promise<ScrapeBench> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < scrapes; i++) {
    const started = performance.now();
    bytes = (await (await fetch(`${base}/metrics`)).text()).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { scrapes, bytes, p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

export function networkReport(n: NetworkBench, scrape: ScrapeBench): string {
  const ms = (x: number) => x.toFixed(2);
  return [
    `## Network operations (permissioning operator, strict proxy)`,
    ``,
    `${n.nodes} Besu-shaped nodes (4 validators), each its own HTTP server in this process (test/backend/support/fakeBesu.ts); after the changes each node's allowlists hold ${n.nodesAllowlist} enodes and ${n.accountsAllowlist} accounts. Indexing the ${n.changes} changes took ${n.indexSeconds.toFixed(2)} s before the operator's passes.`,
    ``,
    `| run | passes | seconds to converge | perm_* writes |`,
    `| --- | ---: | ---: | ---: |`,
    ...n.runs.map((r) => `| ${r.label} | ${r.passes} | ${r.seconds.toFixed(3)} | ${r.writes} |`),
    `| a pass with nothing to change (20 runs) | 1 | p50 ${ms(n.idlePassMs.p50)} ms · p99 ${ms(n.idlePassMs.p99)} ms | 0 |`,
    ``,
    `Strict JSON-RPC proxy (deploy/besu/strictRpc.ts), ${n.proxy.calls} sequential eth_blockNumber calls each way:`,
    ``,
    `| path | p50 ms | p99 ms |`,
    `| --- | ---: | ---: |`,
    `| direct to the node | ${ms(n.proxy.directP50)} | ${ms(n.proxy.directP99)} |`,
    `| through the proxy | ${ms(n.proxy.proxiedP50)} | ${ms(n.proxy.proxiedP99)} |`,
    `| overhead per call | ${ms(n.proxy.proxiedP50 - n.proxy.directP50)} | ${ms(n.proxy.proxiedP99 - n.proxy.directP99)} |`,
    ``,
    `/metrics scrape of the bench's backend (after the API and gateway runs): ${scrape.scrapes} sequential scrapes of ${scrape.bytes.toLocaleString("en-US")} bytes, p50 ${ms(scrape.p50)} ms, p99 ${ms(scrape.p99)} ms.`,
  ].join("\n");
}
