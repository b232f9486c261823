/**
 * The local platform in one command: a hardhat node on 127.0.0.1, the platform deployed, the
 * backend (indexer + API) and the web app, the example external service (examples/bulletin)
 * registered and running, and the demo cluster of the concept's figure 1 with it enabled.
 * Ctrl-C stops everything it started; the chain is in memory, so every start is a fresh world.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { localAccount } from "./lib/accounts.js";
import { startBulletin } from "./lib/bulletin.js";
import { startStrictLocalChain } from "./lib/chain.js";
import { BIN, ROOT, isPortFree, run, startService, waitUntil, type Service } from "./lib/processes.js";

const CHAIN_PORT = Number(process.env.CLUSTER_CHAIN_PORT ?? 8545);
const API_PORT = Number(process.env.CLUSTER_API_PORT ?? 8080);
const BULLETIN_PORT = Number(process.env.CLUSTER_BULLETIN_PORT ?? 8095);
const DATA = join(ROOT, "data", "local");

const services: Service[] = [];
let stopping: Promise<never> | undefined;

/**
 * Stops every service, last started first, then exits. Once: Ctrl-C reaches this process both
 * directly and relayed by its wrappers, and a second signal must not cut the first stop short
 * (which would leave the chain running).
 */
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log("\nStopping…");
    for (const s of services.reverse()) await s.stop();
    process.exit(code);
  })();
  return stopping;
}

async function step<T>(title: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  process.stdout.write(`• ${title}… `);
  const result = await work();
  console.log(`done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  const ports = [
    ["chain", CHAIN_PORT, "CLUSTER_CHAIN_PORT"],
    ["API", API_PORT, "CLUSTER_API_PORT"],
    ["bulletin service", BULLETIN_PORT, "CLUSTER_BULLETIN_PORT"],
  ] as const;
  for (const [what, port, variable] of ports)
    if (!(await isPortFree(port))) throw new Error(`Port ${port} for the ${what} is taken: stop what uses it, or set ${variable}`);

  await step("Compiling contracts and generating TypeChain types", () => run(join(BIN, "hardhat"), ["build", "--quiet"]));
  await step("Building the web app", () => run(join(BIN, "vite"), ["build", "frontend", "--logLevel", "warn"]));
  await rm(DATA, { recursive: true, force: true });

  // Behind the strict proxy on CHAIN_PORT: the platform and wallets get only what Besu serves.
  const chain = await step(`Starting the local chain on 127.0.0.1:${CHAIN_PORT} (Besu's methods only)`, () =>
    startStrictLocalChain(CHAIN_PORT, join(DATA, "logs", "chain.log")),
  );
  services.push(chain);

  // Loaded only now: these modules import the TypeChain types the build just generated.
  const { connectProvider } = await import("../deploy/signer.js");
  const { deployPlatform } = await import("../deploy/platform.js");
  const { createClusterFromSpec } = await import("../deploy/cluster.js");
  const { parseClusterSpec } = await import("../deploy/spec.js");
  const { deploySettlementToken, issueDeposits } = await import("../deploy/settlementToken.js");

  const provider = await connectProvider(chain.url);
  const cdc = localAccount(0, provider);
  const recordPath = join(DATA, "deployment.json");
  const record = await step("Deploying the platform (catalog, registry, factory, cluster contract templates)", () => deployPlatform(cdc, { recordPath }));
  const described = parseClusterSpec(JSON.parse(await readFile(join(ROOT, "deploy", "clusters", "demo.json"), "utf8")));
  // The CDC plays the settlement agent here: it issues each founder an opening deposit of 1,000,000.00.
  const settlementToken = await step("Issuing the demo settlement token", async () => {
    const token = await deploySettlementToken(cdc, cdc.address);
    await issueDeposits(
      cdc,
      token,
      described.founders.map((f) => f.account),
      100_000_000n,
    );
    return token;
  });

  const apiUrl = `http://127.0.0.1:${API_PORT}`;
  const env = {
    CLUSTER_RPC_URL: chain.url,
    CLUSTER_DEPLOYMENT: recordPath,
    CLUSTER_DB: join(DATA, "index.sqlite"),
    CLUSTER_API_HOST: "127.0.0.1",
    CLUSTER_API_PORT: String(API_PORT),
    // Sign-in messages must name the URL people open (set it when a proxy serves the app elsewhere).
    CLUSTER_PUBLIC_URL: process.env.CLUSTER_PUBLIC_URL || apiUrl,
    CLUSTER_FRONTEND_DIST: join(ROOT, "dist", "frontend"),
    // The clearing operator signs with hardhat account #19, which the demo uses for nothing else (#0-#17 are taken).
    CLUSTER_CLEARING_OPERATOR_KEY: localAccount(19).privateKey,
    // The example service runs beside the platform on purpose: the gateway reaches no other local address.
    CLUSTER_GATEWAY_PRIVATE_ORIGINS: `http://127.0.0.1:${BULLETIN_PORT}`,
    // Its log is a file people read (`tail -f`), not one a collector parses: readable lines, not JSON.
    CLUSTER_LOG_FORMAT: process.env.CLUSTER_LOG_FORMAT || "pretty",
    // Shorter than the 5 s after which stopping kills it, so requests in flight end by the backend's own hand.
    CLUSTER_SHUTDOWN_GRACE_MS: "3000",
  };
  const backendLog = join(DATA, "logs", "backend.log");
  const backend = await step("Starting the backend (indexer, API, web app)", async () => {
    const service = await startService("backend", join(BIN, "tsx"), ["backend/server.ts"], { env, logFile: backendLog });
    services.push(service);
    await waitUntil(
      "the backend",
      async () => (await fetch(`${apiUrl}/api/status`)).ok,
      120_000,
      () => (service.child.exitCode !== null ? `the backend exited; see ${backendLog}` : undefined),
    );
    return service;
  });
  backend.child.once("exit", (code) => {
    if (stopping === undefined) {
      console.error(`The backend exited (code ${code}); see ${backendLog}`);
      void stopAll(1);
    }
  });

  /** Resolves once the backend has indexed `block`: the API answers from the index. */
  const indexedTo = (block: number) =>
    waitUntil(
      `the backend to index block ${block}`,
      async () => {
        const status = (await (await fetch(`${apiUrl}/api/status`)).json()) as { indexedBlock?: number };
        return (status.indexedBlock ?? -1) >= block;
      },
      120_000,
      () => (backend.child.exitCode !== null ? `the backend exited; see ${backendLog}` : undefined),
    );

  // An external service is registered through the running platform (its manifest goes to the
  // content store), and before the demo cluster, so the cluster can enable it from the start.
  // The API knows the CDC by the index: it must have read the deployment first.
  const bulletinUrl = `http://127.0.0.1:${BULLETIN_PORT}`;
  await step(`Registering and starting the example external service (bulletin board) on ${bulletinUrl}`, async () => {
    await indexedTo(await provider.getBlockNumber());
    const { registerExternalService } = await import("../deploy/externalService.js");
    const { bulletinManifest } = await import("../examples/bulletin/manifest.js");
    const { webhookSecret } = await registerExternalService(cdc, record, apiUrl, bulletinManifest(bulletinUrl));
    const bulletinLog = join(DATA, "logs", "bulletin.log");
    const bulletin = await startBulletin({
      platformUrl: apiUrl,
      webhookSecret,
      port: BULLETIN_PORT,
      dbPath: join(DATA, "bulletin.sqlite"),
      logFile: bulletinLog,
    });
    services.push(bulletin);
  });

  const demo = { ...described, services: [...described.services, "bulletin"], params: { ...described.params, settlementToken } };
  const created = await step(`Creating the demo cluster "${demo.name}"`, () => createClusterFromSpec(cdc, record, demo));
  const { seedGovernanceDemo } = await import("./demo.js");
  await step("Seeding governance: a dissolved cluster, an initiative in voting, an open application", () =>
    seedGovernanceDemo(cdc, provider, record, demo, created.clusterId),
  );
  const head = await provider.getBlockNumber();
  provider.destroy();
  await step(`Waiting for the backend to index block ${head}`, () => indexedTo(head));

  const founders = new Map(demo.founders.map((f) => [f.account.toLowerCase(), f.name]));
  const { DEMO_ACTORS } = await import("./demo.js");
  const seeded = new Map(DEMO_ACTORS.map((a) => [a.index, a]));
  // Every dev account with a part in the demo, and what signing in with it lets one try.
  const rows = Array.from({ length: 18 }, (_, i) => {
    const account = localAccount(i);
    const address = account.address.toLowerCase();
    const founder = founders.get(address);
    const actor =
      i === 0
        ? { who: "CDC (platform operator)", tryThis: "register and configure clusters; approve the node waiting on /network" }
        : address === demo.cdo.toLowerCase()
          ? { who: "CDO of the demo cluster", tryThis: "edit the cluster's network; propose changes" }
          : founder
            ? {
                who: `${founder}, demo cluster`,
                tryThis: i === 1 ? "vote on the open application; your node awaits the CDC (Network)" : "vote on the open application; sign agreements",
              }
            : seeded.get(i);
    return actor && { who: actor.who, tryThis: actor.tryThis, address: account.address, privateKey: account.privateKey };
  }).filter((row) => row !== undefined);
  console.log(`
Cluster Platform is running.
  Web app      ${apiUrl}/
  API          ${apiUrl}/api/status   (OpenAPI: ${apiUrl}/api/openapi.json)
  JSON-RPC     ${chain.url}   (chain id ${record.chainId})
  Settlement   ${settlementToken}   (ERC-20, 2 decimals; each founder holds 1,000,000.00)
  Demo cluster #${created.clusterId} "${demo.name}"
  Bulletin     ${bulletinUrl}   (an external service, in its own process: the demo cluster's "Bulletin" tab)
  Network      ${apiUrl}/network   (the CDC approves a founder's node waiting in the node registry)
  Logs         ${join(DATA, "logs")}

Import these demo keys into your wallet (add network ${chain.url}, chain id ${record.chainId}):`);
  console.table(rows);
  console.log("Press Ctrl-C to stop.");
}

main().catch(async (err: Error) => {
  console.error(`\nstart: ${err.message}`);
  await stopAll(1);
});
