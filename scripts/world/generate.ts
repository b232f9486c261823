/**
 * Generates a large world on a local chain (issue 13): the platform deployed, 50 clusters (one
 * with 1,000 members and 5,000 links), 100,000 clearing obligations, 10,000 documents, 2,000
 * agreements and 500 governance proposals, every one a real, signed contract call. The
 * deployment record is written so the backend can index the chain afterwards.
 *
 *   scripts/clusterw npx tsx scripts/world/generate.ts [--scale S] [--rpc URL] [--record PATH] [--port N] [--seed N] [--exit]
 *
 * Without --rpc it starts its own `hardhat node` on 127.0.0.1 (port 8545 when free) and keeps it
 * running after the summary until Ctrl-C (or stops it with --exit). --scale (or WORLD_SCALE)
 * shrinks every count: 0.01 is a quick run. A bench calls generateWorld instead.
 */
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { deployPlatform } from "../../deploy/platform.js";
import { deploySettlementToken } from "../../deploy/settlementToken.js";
import { connectProvider } from "../../deploy/signer.js";
import { localAccount } from "../lib/accounts.js";
import { startLocalChain, type LocalChain } from "../lib/chain.js";
import { freePort, isPortFree, ROOT } from "../lib/processes.js";
import { generateAgreements } from "./agreements.js";
import { admitMembers, createClusters, drawLinks, planClusters, type WorldCluster } from "./clusters.js";
import { generateDocuments } from "./documents.js";
import { generateObligations } from "./obligations.js";
import { createProgress, type PhaseResult } from "./progress.js";
import { generateProposals } from "./proposals.js";
import { seededRandom } from "./random.js";
import { createRpc } from "./rpc.js";
import { createSender } from "./sender.js";
import { LARGE_FOUNDERS, worldSizes, type WorldSizes } from "./sizes.js";
import { fund } from "./wallets.js";

export interface WorldOptions {
  /** 1 (the default) is full size; every count scales with it. */
  scale?: number;
  /** A running node to fill; without it a hardhat node is started (and `stop` ends it). */
  rpcUrl?: string;
  /** The started node's port: 8545 when free, else any free one. */
  port?: number;
  /** Where the deployment record goes; world.json (what was generated) is written beside it. */
  recordPath?: string;
  /** The same seed and scale give the same world (keys, names, amounts). */
  seed?: number;
  say?: (line: string) => void;
}

export interface WorldCounts {
  clusters: number;
  members: number;
  links: number;
  obligations: number;
  confirmedObligations: number;
  documents: number;
  documentSignatures: number;
  agreements: number;
  activeAgreements: number;
  proposals: number;
  votes: number;
  transactions: number;
}

export interface World {
  rpcUrl: string;
  recordPath: string;
  record: DeploymentRecord;
  sizes: WorldSizes;
  clusters: WorldCluster[];
  counts: WorldCounts;
  /** The blocks the generation filled, the platform's deployment included. */
  blocks: { first: number; last: number };
  phases: PhaseResult[];
  seconds: number;
  /** Stops the node this run started; nothing when it was given one. */
  stop(): Promise<void>;
}

export const DEFAULT_RECORD = join(ROOT, "data", "world", "deployment.json");

export async function generateWorld(opts: WorldOptions = {}): Promise<World> {
  const started = performance.now();
  const say = opts.say ?? (() => {});
  const scale = opts.scale ?? 1;
  const sizes = worldSizes(scale);
  const seed = opts.seed ?? 13;
  const recordPath = resolve(opts.recordPath ?? DEFAULT_RECORD);
  const random = seededRandom(seed);

  let chain: LocalChain | undefined;
  if (!opts.rpcUrl) {
    const port = opts.port ?? ((await isPortFree(8545)) ? 8545 : await freePort());
    chain = await startLocalChain(port, join(dirname(recordPath), "chain.log"));
    say(`chain: hardhat node at ${chain.url}`);
    // The node logs every call and transaction it serves; for a few hundred thousand that log
    // costs it more time than executing them. Its own JSON-RPC method turns that off.
    await createRpc(chain.url).call("hardhat_setLoggingEnabled", [false]);
    // The node runs in its own process group: a run cut short (Ctrl-C, a crash) must not leave it behind.
    const child = chain.child;
    process.once("exit", () => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    });
  }
  const stop = async () => chain?.stop();
  try {
    const rpcUrl = chain?.url ?? opts.rpcUrl!;
    const provider = await connectProvider(rpcUrl);
    const cdc = localAccount(0, provider);
    const first = (await provider.getBlockNumber()) + 1;
    say(`world of scale ${scale}: ${JSON.stringify(sizes)}`);

    const platformStart = performance.now();
    const record = await deployPlatform(cdc, { recordPath });
    const token = await deploySettlementToken(cdc, cdc.address);
    const platformSeconds = (performance.now() - platformStart) / 1000;
    say(`platform: deployed in ${platformSeconds.toFixed(1)} s, record at ${recordPath}`);

    const progress = createProgress(say);
    progress.results.push({
      phase: "platform",
      txs: (await provider.getBlockNumber()) - first + 1,
      seconds: platformSeconds,
      blocks: (await provider.getBlockNumber()) - first + 1,
    });
    const rpc = createRpc(rpcUrl);
    const sender = await createSender(rpc, progress);
    say(`sending: ${sender.mode === "manual" ? "one block per chunk (evm_mine)" : "the node mines by itself"}`);
    try {
      const now = BigInt((await provider.getBlock("latest"))!.timestamp);
      const plans = planClusters(seed, sizes, random, token);
      const large = plans[0]!;
      await fund(sender, [...plans.flatMap((p) => p.members.map((m) => ({ address: m.address, ether: "2" }))), { address: large.cdo.address, ether: "50" }]);
      const clusters = await createClusters(sender, provider, cdc, record, plans);
      const founders = Math.min(LARGE_FOUNDERS, sizes.largeMembers);
      await admitMembers(sender, clusters[0]!, founders, random);
      await drawLinks(sender, clusters[0]!, sizes.largeLinks, random);
      // Encoding the calls takes seconds at full size, before a phase's progress lines begin.
      const planning = (what: string, n: number) => say(`${what}: encoding ${n.toLocaleString("en-US")} calls`);
      planning("obligations", sizes.obligations);
      const { confirmed } = await generateObligations(sender, clusters, sizes.obligations, now, random);
      planning("documents", sizes.documents);
      const { signatures } = await generateDocuments(sender, clusters, sizes.documents, random);
      planning("agreements", sizes.agreements);
      const { active } = await generateAgreements(sender, clusters, sizes.agreements, now, random);
      planning("proposals", sizes.proposals);
      const { votes } = await generateProposals(sender, clusters, sizes.proposals, seed, random);

      const last = await provider.getBlockNumber();
      const counts: WorldCounts = {
        clusters: clusters.length,
        members: clusters.reduce((s, c) => s + c.members.length, 0),
        // Each small cluster brings a ring of its members and one supplier link.
        links: sizes.largeLinks + (clusters.length - 1) * (plans[1] ? plans[1].json.links!.length : 0),
        obligations: sizes.obligations,
        confirmedObligations: confirmed,
        documents: sizes.documents,
        documentSignatures: signatures,
        agreements: sizes.agreements,
        activeAgreements: active,
        proposals: sizes.proposals,
        votes,
        transactions: progress.results.reduce((s, r) => s + r.txs, 0),
      };
      const seconds = (performance.now() - started) / 1000;
      const world = { rpcUrl, recordPath, record, sizes, clusters, counts, blocks: { first, last }, phases: progress.results, seconds, stop };
      await writeFile(join(dirname(recordPath), "world.json"), JSON.stringify(describe(world, scale, seed), null, 2) + "\n");
      return world;
    } finally {
      await sender.close();
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/** What world.json keeps: enough for a bench to find the clusters and compare runs. */
function describe(world: Omit<World, "stop">, scale: number, seed: number) {
  return {
    scale,
    seed,
    rpcUrl: world.rpcUrl,
    blocks: world.blocks,
    seconds: Number(world.seconds.toFixed(1)),
    counts: world.counts,
    phases: world.phases.map((p) => ({ ...p, seconds: Number(p.seconds.toFixed(2)) })),
    clusters: world.clusters.map((c) => ({
      clusterId: c.clusterId.toString(),
      name: c.name,
      members: c.members.length,
      cdo: c.cdo.address,
      policy: c.policy,
      membership: c.membership,
      governor: c.governor,
      documents: c.documents,
      agreements: c.agreements,
      clearing: c.clearing,
    })),
  };
}

/** The summary printed at the end: a row per phase, then the totals. */
export function summary(world: World): string {
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const rows = world.phases.map(
    (p) =>
      `  ${p.phase.padEnd(22)} ${fmt(p.txs).padStart(9)} txs ${fmt(p.blocks).padStart(7)} blocks ${p.seconds.toFixed(1).padStart(8)} s ${fmt(p.txs / Math.max(p.seconds, 0.001)).padStart(6)} tx/s`,
  );
  const c = world.counts;
  return [
    "World generated:",
    ...rows,
    `  clusters ${fmt(c.clusters)}, members ${fmt(c.members)}, links ${fmt(c.links)}`,
    `  obligations ${fmt(c.obligations)} (${fmt(c.confirmedObligations)} confirmed), documents ${fmt(c.documents)} (${fmt(c.documentSignatures)} signatures), agreements ${fmt(c.agreements)} (${fmt(c.activeAgreements)} active), proposals ${fmt(c.proposals)} (${fmt(c.votes)} votes)`,
    `  ${fmt(c.transactions)} transactions in blocks ${world.blocks.first}-${world.blocks.last} (${fmt(world.blocks.last - world.blocks.first + 1)} blocks), ${world.seconds.toFixed(1)} s, ${fmt(c.transactions / world.seconds)} tx/s overall`,
    `  deployment record: ${world.recordPath}; chain: ${world.rpcUrl}`,
  ].join("\n");
}

interface Cli {
  opts: WorldOptions;
  exit: boolean;
}

function parseArgs(argv: string[]): Cli {
  const opts: WorldOptions = { scale: process.env.WORLD_SCALE ? Number(process.env.WORLD_SCALE) : undefined };
  let exit = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--scale") opts.scale = Number(value());
    else if (arg === "--rpc") opts.rpcUrl = value();
    else if (arg === "--record") opts.recordPath = value();
    else if (arg === "--port") opts.port = Number(value());
    else if (arg === "--seed") opts.seed = Number(value());
    else if (arg === "--exit") exit = true;
    else throw new Error(`Unknown option ${arg}; usage: generate.ts [--scale S] [--rpc URL] [--record PATH] [--port N] [--seed N] [--exit]`);
  }
  return { opts, exit };
}

async function main(): Promise<void> {
  const { opts, exit } = parseArgs(process.argv.slice(2));
  // Until the world is built, Ctrl-C ends the run (and the "exit" hook the node it started).
  const interrupted = () => process.exit(130);
  process.once("SIGINT", interrupted);
  const say = (line: string) => console.log(`[world ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const world = await generateWorld({ ...opts, say });
  process.off("SIGINT", interrupted);
  console.log(summary(world));
  if (opts.rpcUrl || exit) {
    await world.stop();
    return;
  }
  console.log(
    `The chain keeps running at ${world.rpcUrl} for the backend (CLUSTER_RPC_URL=${world.rpcUrl} CLUSTER_DEPLOYMENT=${world.recordPath}); Ctrl-C stops it.`,
  );
  await new Promise<void>((done) => {
    const onSignal = () => void world.stop().then(done);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
