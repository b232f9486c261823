/**
 * `npm run bench`: gas of the platform's operations (and of the everyday ones at 10, 100 and
 * 1,000 members, BENCH_SCALE_MEMBERS), indexer throughput over a chain holding
 * more than 20,000 platform events, and API throughput and latency. Writes a Markdown report
 * to data/bench/report.md and prints it. A report, not a test: it asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startLocalChain } from "../lib/chain.js";
import { gasTable } from "./report.js";
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
  const services: Service[] = [];
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
    const api = [await measureEndpoint(base, "/api/clusters", API_SECONDS), await measureEndpoint(base, `/api/clusters/${clusterId}/network`, API_SECONDS)];
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
      `| measure | seconds | logs per second |`,
      `| --- | ---: | ---: |`,
      `| raw eth_getLogs fetch | ${indexer.rawSeconds.toFixed(2)} | ${Math.round(indexer.rawLogsPerSecond).toLocaleString("en-US")} |`,
      `| indexer, empty database to head | ${indexer.indexSeconds.toFixed(2)} | ${Math.round(indexer.eventsPerSecond).toLocaleString("en-US")} |`,
      ``,
      `## API (autocannon, 10 connections, ${API_SECONDS} s each, over the indexed chain above)`,
      ``,
      `The demo cluster's network (the endpoint measured) holds ${networkSize.nodes.length} nodes and ${networkSize.links.length} links; the index holds ${indexer.logs.toLocaleString("en-US")} logs in all.`,
      ``,
      `| endpoint | requests/s | p50 ms | p99 ms | requests | errors | non-2xx |`,
      `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
      ...api.map((a) => `| GET ${a.path} | ${Math.round(a.rps).toLocaleString("en-US")} | ${a.p50} | ${a.p99} | ${a.requests} | ${a.errors} | ${a.non2xx} |`),
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
