/**
 * `npm run bench`: gas of the platform's operations (and of the everyday ones at 10, 100 and
 * 1,000 members, BENCH_SCALE_MEMBERS), indexer throughput over a chain holding
 * more than 20,000 platform events, and API throughput and latency; then issue 13's large world
 * (scripts/bench/bigWorld.ts, BENCH_WORLD_SCALE, default 1; 0 skips it). Writes a Markdown report
 * to data/bench/report.md and prints it. A report, not a test: it asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startLocalChain } from "../lib/chain.js";
import { gasTable, loadNow } from "./report.js";
import type { ApiResult } from "./api.js";

type ApiRow = ApiResult & { store: string; load: string };
import { localAccount } from "../lib/accounts.js";
import { BIN, ROOT, freePort, run, startService, waitUntil, type Service } from "../lib/processes.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const API_SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const BATCH = Number(process.env.BENCH_BATCH_BLOCKS ?? 2000);
const WEBHOOK_LATENCY_EVENTS = Number(process.env.BENCH_WEBHOOK_LATENCY_EVENTS ?? 100);
const WEBHOOK_BACKLOG_EVENTS = Number(process.env.BENCH_WEBHOOK_BACKLOG_EVENTS ?? 1000);
const OUT = join(ROOT, "data", "bench");

function say(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function main(): Promise<void> {
  // What the bench started (the chain, backends, a PostgreSQL server), stopped last to first.
  const services: Pick<Service, "stop">[] = [];
  try {
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    say("compiling contracts");
    await run(join(BIN, "hardhat"), ["build", "--quiet"]);
    const { buildWorld } = await import("./world.js");
    const { measureGas } = await import("./gas.js");
    const { generateEvents } = await import("./events.js");
    const { measureIndexer } = await import("./indexer.js");
    const { measureEndpoint } = await import("./api.js");

    const chain = await startLocalChain(await freePort(), join(OUT, "chain.log"));
    services.push(chain);
    say(`chain at ${chain.url}; deploying the platform and the demo cluster`);
    const recordPath = join(OUT, "deployment.json");
    const world = await buildWorld(chain.url, recordPath);

    say("measuring gas");
    const gas = await measureGas(world);

    say(`generating ${EVENTS} platform events in a load-test cluster`);
    const { createClusterFromSpec } = await import("../../deploy/cluster.js");
    const load = await createClusterFromSpec(world.cdc, world.record, { ...world.demo, name: "Load-test cluster" });
    const cdo = localAccount(9, world.provider);
    let last = 0;
    const { blocks } = await generateEvents(world.provider, cdo, load.membership, EVENTS, (done) => {
      if (done - last >= 2000 || done === EVENTS) {
        say(`  ${done}/${EVENTS} events sent and mined`);
        last = done;
      }
    });

    say("measuring the indexer (raw eth_getLogs, then a full index from scratch)");
    const indexer = await measureIndexer(world.provider, world.record, join(OUT, "index.sqlite"), BATCH);
    // The same on PostgreSQL, on a throwaway server, when Debian's postgresql is installed.
    const { createDatabase, postgresBinDir, startThrowawayPostgres } = await import("../lib/postgres.js");
    const postgres = postgresBinDir() ? await startThrowawayPostgres() : null;
    if (postgres) services.push(postgres);
    const pgIndex = postgres ? await createDatabase(postgres.url, "bench") : null;
    if (pgIndex) say("measuring the indexer on PostgreSQL");
    const indexerPg = pgIndex ? await measureIndexer(world.provider, world.record, pgIndex, BATCH) : null;

    say(`measuring the API for ${API_SECONDS} s per endpoint`);
    const port = await freePort();
    const sessionSecret = randomBytes(32).toString("hex");
    const backend = await startService("backend", join(BIN, "tsx"), ["backend/server.ts"], {
      env: {
        CLUSTER_SESSION_SECRET: sessionSecret,
        CLUSTER_RPC_URL: chain.url,
        CLUSTER_DEPLOYMENT: recordPath,
        CLUSTER_DB: join(OUT, "index.sqlite"),
        CLUSTER_API_PORT: String(port),
        CLUSTER_FRONTEND_DIST: join(OUT, "no-frontend"),
        // The example service of the gateway bench listens on a loopback port.
        CLUSTER_GATEWAY_PRIVATE_ORIGINS: "127.0.0.1",
      },
      logFile: join(OUT, "backend.log"),
    });
    services.push(backend);
    const base = `http://127.0.0.1:${port}`;
    await waitUntil("the backend", async () => (await fetch(`${base}/api/status`)).ok);
    const clusterId = world.demoCluster.clusterId;
    const endpoints = ["/api/clusters", `/api/clusters/${clusterId}/network`];
    const api: ApiRow[] = [];
    for (const path of endpoints) api.push({ ...(await measureEndpoint(base, path, API_SECONDS)), store: "SQLite", load: loadNow() });
    if (pgIndex) {
      say(`measuring the API on the PostgreSQL index for ${API_SECONDS} s per endpoint`);
      const pgPort = await freePort();
      const pgBackend = await startService("backend (PostgreSQL)", join(BIN, "tsx"), ["backend/server.ts"], {
        env: {
          CLUSTER_SESSION_SECRET: sessionSecret,
          CLUSTER_RPC_URL: chain.url,
          CLUSTER_DEPLOYMENT: recordPath,
          CLUSTER_DB: join(OUT, "pg-backend", "unused.sqlite"),
          CLUSTER_DATABASE_URL: pgIndex,
          CLUSTER_API_PORT: String(pgPort),
          CLUSTER_FRONTEND_DIST: join(OUT, "no-frontend"),
        },
        logFile: join(OUT, "backend-postgres.log"),
      });
      const pgBase = `http://127.0.0.1:${pgPort}`;
      await waitUntil("the backend on PostgreSQL", async () => (await fetch(`${pgBase}/api/status`)).ok);
      for (const path of endpoints) api.push({ ...(await measureEndpoint(pgBase, path, API_SECONDS)), store: "PostgreSQL", load: loadNow() });
      await pgBackend.stop();
    }
    const networkSize = (await (await fetch(`${base}/api/clusters/${clusterId}/network`)).json()) as { nodes: unknown[]; links: unknown[] };

    say("measuring the gateway and webhooks with the example service (examples/bulletin) in its own process");
    const { measureGateway, gatewayReport } = await import("./gateway.js");
    const gateway = await measureGateway({
      world,
      base,
      sessionSecret,
      keyFile: join(OUT, "gateway-keys.json"),
      dir: OUT,
      seconds: API_SECONDS,
      latencyEvents: WEBHOOK_LATENCY_EVENTS,
      backlogEvents: WEBHOOK_BACKLOG_EVENTS,
      say,
    });

    say("measuring /metrics scrapes, the permissioning operator on a network of Besu-shaped nodes, and the strict proxy");
    const { measureNetwork, measureScrape, networkReport } = await import("./network.js");
    const scrape = await measureScrape(base);
    const network = await measureNetwork(world, chain.url, OUT, say);

    say("measuring gas of governance, documents, agreements and clearing (in-process network)");
    const { measureDocumentsGas } = await import("./documentsGas.js");
    const { measureClearingGas } = await import("./clearingGas.js");
    const { measureGovernanceGas } = await import("./governanceGas.js");
    const componentGas = [...(await measureGovernanceGas()), ...(await measureDocumentsGas()), ...(await measureClearingGas())];
    const { measureScaleGas, scaleReport, scaleSizes } = await import("./scaleGas.js");
    const sizes = scaleSizes();
    say(`measuring gas of the everyday operations at ${sizes.join(", ")} members (in-process network)`);
    const scaleGas = await measureScaleGas(sizes, (line) => say(`  ${line}`));

    say("measuring the content store (embedded IPFS on disk)");
    const { measureStorage, storageTable } = await import("./storage.js");
    const storage = await measureStorage();
    say("measuring the clearing solver");
    const { measureClearing, clearingTable } = await import("./clearing.js");
    const clearing = await measureClearing((line) => say(`  ${line}`));
    // Issue 13's large world on a node of its own (BENCH_WORLD_SCALE, 0 skips it).
    const { bigWorldScale, measureBigWorld } = await import("./bigWorld.js");
    const worldScale = bigWorldScale();
    if (worldScale > 0) say(`measuring a large world at scale ${worldScale} (indexer, catch-up, API pages)`);
    const bigWorld = worldScale > 0 ? await measureBigWorld({ scale: worldScale, dir: join(OUT, "world"), say: (line) => say(`  ${line}`) }) : null;

    const report = [
      `# Cluster Platform benchmark`,
      ``,
      `${new Date().toISOString()} · Node ${process.version} · ${(await import("node:os")).cpus().length} cores · local hardhat node (EDR, shanghai)`,
      ``,
      `## Gas`,
      ``,
      gasTable(gas),
      ``,
      `## Gas of the cluster components`,
      ``,
      gasTable(componentGas),
      ``,
      `## Gas by cluster size`,
      ``,
      scaleReport(scaleGas),
      ``,
      `## Indexer`,
      ``,
      `Chain: ${indexer.blocks} blocks, ${indexer.logs.toLocaleString("en-US")} platform logs (${EVENTS} generated in ${blocks} blocks on top of the deployment and the gas runs); batches of ${indexer.batchBlocks} blocks.`,
      ``,
      `| measure | seconds | logs per second | of the raw rate | machine load after |`,
      `| --- | ---: | ---: | ---: | --- |`,
      `| raw eth_getLogs fetch | ${indexer.rawSeconds.toFixed(2)} | ${Math.round(indexer.rawLogsPerSecond).toLocaleString("en-US")} | 100 % | |`,
      ...[
        ["SQLite", indexer],
        ["PostgreSQL", indexerPg],
      ].flatMap(([store, r]) =>
        r && typeof r !== "string"
          ? [
              `| indexer on ${store as string}, empty database to head | ${r.indexSeconds.toFixed(2)} | ${Math.round(r.eventsPerSecond).toLocaleString("en-US")} | ${Math.round((100 * r.eventsPerSecond) / indexer.rawLogsPerSecond)} % | ${r.load} |`,
            ]
          : [],
      ),
      ...(indexerPg ? [] : [`PostgreSQL was not measured: Debian's postgresql package is not installed.`]),
      ``,
      `## API (autocannon, 10 connections, ${API_SECONDS} s each, over the indexed chain above)`,
      ``,
      `The demo cluster's network (the endpoint measured) holds ${networkSize.nodes.length} nodes and ${networkSize.links.length} links; the index holds ${indexer.logs.toLocaleString("en-US")} logs in all.`,
      ``,
      `| endpoint | store | requests/s | p50 ms | p99 ms | requests | errors | non-2xx | machine load after |`,
      `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
      ...api.map(
        (a) =>
          `| GET ${a.path} | ${a.store} | ${Math.round(a.rps).toLocaleString("en-US")} | ${a.p50} | ${a.p99} | ${a.requests} | ${a.errors} | ${a.non2xx} | ${a.load} |`,
      ),
      ``,
      gatewayReport(gateway, API_SECONDS),
      ``,
      networkReport(network, scrape),
      ``,
      `## Content store (embedded, on disk)`,
      ``,
      storageTable(storage),
      ``,
      `## Clearing solver (scale-free random obligation graphs, exact)`,
      ``,
      clearingTable(clearing),
      ``,
      ...(bigWorld ? [bigWorld.markdown] : []),
    ].join("\n");
    await writeFile(join(OUT, "report.md"), report);
    console.log(`\n${report}\nReport written to ${join(OUT, "report.md")}`);
    world.provider.destroy();
  } finally {
    for (const s of services.reverse()) await s.stop();
  }
}

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
