/**
 * Issue 13's large world, measured: generated on its own hardhat node (scripts/world), then
 * (a) the indexer from an empty index to the head beside the raw eth_getLogs rate, on SQLite and
 * PostgreSQL; (b) its catch-up after a 1-hour outage (scripts/world/hour.ts); (c) the latency of
 * the main API pages with the backend on each store. A section of `npm run bench`, or alone:
 *
 *   scripts/clusterw npx tsx scripts/bench/bigWorld.ts [--scale S]
 *
 * writes data/bench/world.md and prints it. --scale (or BENCH_WORLD_SCALE, default 1) sizes the
 * world: 1 is full size (~10 minutes to generate, a 5 GB node), 0.01 a run of a minute or two.
 * BENCH_WORLD_BATCH_BLOCKS (default 200), BENCH_WORLD_API_SECONDS (default 5) and
 * BENCH_WORLD_HOUR_TXS (default 18,000) tune the rest.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { connectProvider } from "../../deploy/signer.js";
import { freePort, ROOT } from "../lib/processes.js";
import { generateWorld } from "../world/generate.js";
import { generateHour, HOUR_TRANSACTIONS } from "../world/hour.js";
import { busyMember, measurePages, openCycleOf, worldPages, type ApiStore, type PageRow } from "./bigWorldApi.js";
import { measureCatchUp, rawLogRate, type CatchUpResult } from "./bigWorldIndex.js";
import { bigWorldSection, type BigWorldFacts } from "./bigWorldReport.js";
import { measureIndexer } from "./indexer.js";

export interface BigWorldOptions {
  scale: number;
  /** Where the world's node log, deployment record, indexes and backend logs go (emptied first). */
  dir: string;
  batchBlocks?: number;
  apiSeconds?: number;
  hourTransactions?: number;
  seed?: number;
  say: (line: string) => void;
}

export interface BigWorldResult {
  facts: BigWorldFacts;
  /** The report's section, Markdown. */
  markdown: string;
}

export function bigWorldScale(): number {
  return Number(process.env.BENCH_WORLD_SCALE ?? 1);
}

export async function measureBigWorld(o: BigWorldOptions): Promise<BigWorldResult> {
  const batchBlocks = o.batchBlocks ?? Number(process.env.BENCH_WORLD_BATCH_BLOCKS ?? 200);
  const apiSeconds = o.apiSeconds ?? Number(process.env.BENCH_WORLD_API_SECONDS ?? 5);
  const hourTransactions = o.hourTransactions ?? Number(process.env.BENCH_WORLD_HOUR_TXS ?? HOUR_TRANSACTIONS);
  const seed = o.seed ?? 13;
  const { say } = o;
  const indent = (line: string) => say(`  ${line}`);
  await rm(o.dir, { recursive: true, force: true });
  await mkdir(o.dir, { recursive: true });
  // What this run started (the node, a PostgreSQL server), stopped last to first.
  const stops: (() => Promise<void>)[] = [];
  try {
    say(`generating the world at scale ${o.scale}`);
    const recordPath = join(o.dir, "deployment.json");
    const world = await generateWorld({ scale: o.scale, port: await freePort(), recordPath, seed, say: indent });
    stops.push(world.stop);
    const provider = await connectProvider(world.rpcUrl);
    stops.push(async () => provider.destroy());
    const sqlite = join(o.dir, "index.sqlite");
    const stores: (ApiStore & { location: string })[] = [{ store: "SQLite", location: sqlite, env: { CLUSTER_DB: sqlite } }];
    const { createDatabase, postgresBinDir, startThrowawayPostgres } = await import("../lib/postgres.js");
    if (postgresBinDir()) {
      const postgres = await startThrowawayPostgres();
      stops.push(postgres.stop);
      const url = await createDatabase(postgres.url, "world");
      stores.push({ store: "PostgreSQL", location: url, env: { CLUSTER_DB: join(o.dir, "pg-backend", "unused.sqlite"), CLUSTER_DATABASE_URL: url } });
    }

    const indexer: BigWorldFacts["indexer"] = [];
    for (const s of stores) {
      say(`(a) raw eth_getLogs, then the indexer from an empty ${s.store} index to the head`);
      indexer.push({ store: s.store, result: await measureIndexer(provider, world.record, s.location, batchBlocks, indent) });
    }

    say(`(b) the indexers down: an hour of traffic (${hourTransactions.toLocaleString("en-US")} transactions, 1,800 blocks)`);
    const hour = await generateHour({ rpcUrl: world.rpcUrl, clusters: world.clusters, sizes: world.sizes, seed, transactions: hourTransactions, say: indent });
    const hourRaw = await rawLogRate(provider, hour.blocks.first, hour.blocks.last, batchBlocks);
    const catchUp: CatchUpResult[] = [];
    for (const s of stores) {
      say(`(b) catch-up on ${s.store}`);
      catchUp.push(await measureCatchUp(s.store, provider, world.record, s.location, batchBlocks, indent));
    }

    const large = world.clusters[0]!;
    const clusterId = large.clusterId.toString();
    const member = busyMember(sqlite, clusterId, large.members[0]!.address);
    const paths = worldPages(clusterId, member, openCycleOf(sqlite, clusterId));
    const pages: PageRow[] = [];
    for (const s of stores) {
      say(`(c) API pages on ${s.store}: ${paths.length} pages, ${apiSeconds} s at 1 and at 10 connections each`);
      pages.push(...(await measurePages(s, { rpcUrl: world.rpcUrl, recordPath, dir: o.dir, paths, member, seconds: apiSeconds, say: indent })));
    }

    const facts: BigWorldFacts = {
      scale: o.scale,
      counts: world.counts,
      blocks: world.blocks,
      generationSeconds: world.seconds,
      batchBlocks,
      indexer,
      hour,
      hourRaw,
      catchUp,
      pages,
      clusterId,
      member,
      apiSeconds,
      postgresMissing: stores.length === 1,
    };
    return { facts, markdown: bigWorldSection(facts) };
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => say(`stopping: ${err.message}`));
  }
}

function parseScale(argv: string[]): number {
  let scale = bigWorldScale();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--scale" && argv[i + 1] !== undefined) scale = Number(argv[++i]);
    else throw new Error(`Unknown option ${argv[i]}; usage: bigWorld.ts [--scale S]`);
  }
  return scale;
}

async function main(): Promise<void> {
  const scale = parseScale(process.argv.slice(2));
  const say = (line: string) => console.log(`[world-bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const out = join(ROOT, "data", "bench");
  const { markdown } = await measureBigWorld({ scale, dir: join(out, "world"), say });
  await writeFile(join(out, "world.md"), markdown);
  console.log(`\n${markdown}\nWritten to ${join(out, "world.md")}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(`bigWorld: ${err.stack ?? err.message}`);
      process.exit(1);
    },
  );
}
