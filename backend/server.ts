import type { JsonRpcProvider } from "ethers";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { readDeployment } from "../core/node/deploymentFile.js";
import { createApp, feedOf } from "./api/app.js";
import { ManifestLibrary } from "./services/manifests.js";
import { loadGatewayKeys } from "./gateway/keys.js";
import { EgressPolicy } from "./gateway/egress.js";
import { WebhookDispatcher } from "./gateway/webhooks.js";
import { ClearingOperator } from "./operators/clearing/operator.js";
import { addressOf, isWellKnownAddress, KeyError, loadPrivateKey, refuseWellKnownKey } from "../core/node/keys.js";
import { createProvider } from "../core/chain/provider.js";
import { hostForUrl, loadConfig, publicUrl, type Config } from "./config.js";
import { openDatabase } from "./db/open.js";
import { deploymentProblem } from "./indexer/deploymentCheck.js";
import { Indexer } from "./indexer/indexer.js";
import { createContentStore } from "./storage/create.js";

export interface RunningServer {
  url: string;
  indexer: Indexer;
  /** Null unless CLUSTER_CLEARING_OPERATOR_KEY or CLUSTER_CLEARING_OPERATOR_KEY_FILE is set. */
  operator: ClearingOperator | null;
  /** Delivers chain events to the external services that subscribe to them. */
  webhooks: WebhookDispatcher;
  stop(): Promise<void>;
}

/**
 * The configuration cannot run safely (the deployment record does not describe the chain, or an
 * operator key is unusable or a well-known one off the local chain): nothing was started or changed.
 */
export class StartupError extends Error {}

/**
 * The clearing operator's key (CLUSTER_CLEARING_OPERATOR_KEY, or _KEY_FILE: hex or a keystore),
 * null when none is set. A well-known development key is refused unless the chain is the local
 * one; when the chain cannot say which it is, such a key is refused too.
 */
async function clearingOperatorKey(config: Config, provider: JsonRpcProvider, recordChainId: number | undefined): Promise<string | null> {
  if (!config.clearingOperatorKey && !config.clearingOperatorKeyFile) return null;
  let key: string;
  try {
    key = await loadPrivateKey({
      key: config.clearingOperatorKey ?? undefined,
      keyFile: config.clearingOperatorKeyFile ?? undefined,
      password: config.keystorePassword ?? undefined,
      names: { key: "CLUSTER_CLEARING_OPERATOR_KEY", keyFile: "CLUSTER_CLEARING_OPERATOR_KEY_FILE", password: "CLUSTER_KEYSTORE_PASSWORD" },
    });
  } catch (err) {
    throw err instanceof KeyError ? new StartupError(`Refusing to start: ${err.message}`) : err;
  }
  const address = addressOf(key);
  if (isWellKnownAddress(address)) {
    const chainId =
      recordChainId ??
      (await provider.send("eth_chainId", []).then(
        (id: string) => Number(BigInt(id)),
        () => null,
      ));
    try {
      refuseWellKnownKey(address, chainId, "clearing operator");
    } catch (err) {
      throw new StartupError(`Refusing to start: ${(err as Error).message}`);
    }
  }
  return key;
}

/** Opens the index, follows the chain and serves the API and the web app. */
export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const record = await readDeployment(config.deploymentPath).catch(() => undefined);
  const provider = createProvider(config.rpcUrl, {
    chainId: record?.chainId,
    pollMs: config.indexer.pollMs,
    timeoutMs: config.rpcTimeoutMs,
  });
  const operatorKey = await clearingOperatorKey(config, provider, record?.chainId).catch((err: unknown) => {
    provider.destroy();
    throw err;
  });
  if (record) {
    // Before the index is even opened: a foreign chain at the RPC URL must not cost it. An
    // unreachable chain is no verdict; the indexer checks again before it drops anything.
    const problem = await deploymentProblem(provider, record).catch(() => null);
    if (problem) {
      provider.destroy();
      throw new StartupError(
        `Refusing to start: ${problem}. Check CLUSTER_RPC_URL (${config.rpcUrl}) and CLUSTER_DEPLOYMENT (${config.deploymentPath}); the index at ${config.dbPath} is kept as it is.`,
      );
    }
  }
  const db = openDatabase(config.dbPath);
  const indexer = new Indexer({
    db,
    provider,
    loadDeployment: () => readDeployment(config.deploymentPath),
    batchBlocks: config.indexer.batchBlocks,
    pollMs: config.indexer.pollMs,
    log,
  });
  indexer.on("error", () => {}); // reported through the log; the loop retries
  indexer.start();

  const store = await createContentStore(config.contentStore);
  // The catalog's CIDs of the built-in services resolve in this store (and, with Kubo, on IPFS).
  const manifests = new ManifestLibrary(store);
  await manifests.publishBuiltIns();
  const gatewayKeys = await loadGatewayKeys(config.gateway.keyFile);
  // Listening first: with port 0 the public URL (what sign-in messages must name) is known only
  // then. Nothing may be awaited between listening and attaching the app: a request accepted
  // with no handler is never answered.
  const server = createServer();
  server.listen(config.api.port, config.api.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${hostForUrl(config.api.host)}:${port}`;
  const served: Config = config.publicUrl.configured ? config : { ...config, publicUrl: publicUrl(url, false) };
  const app = createApp({ db, config: served, indexer, store, manifests, gatewayKeys, log });
  server.on("request", app);
  // Chain events external services subscribe to, as signed webhooks.
  const webhooks = new WebhookDispatcher({
    db,
    manifests,
    keys: gatewayKeys,
    maxAttempts: config.webhooks.maxAttempts,
    retryMs: config.webhooks.retryMs,
    timeoutMs: config.gateway.timeoutMs,
    egress: new EgressPolicy(config.gateway.privateOrigins),
    pollMs: Math.max(config.indexer.pollMs, 200),
    log,
  });
  webhooks.start();
  // Deliveries start as soon as their events are indexed, not at the dispatcher's next poll.
  indexer.on("indexed", () => webhooks.wake());
  // The clearing service's operator runs only with a key (CLUSTER_CLEARING_OPERATOR_KEY or _KEY_FILE).
  const operator = operatorKey
    ? new ClearingOperator({ db, provider, indexer, privateKey: operatorKey, pollMs: Math.max(config.indexer.pollMs, 1000), log })
    : null;
  operator?.start();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      feedOf(app)?.close(); // event streams end cleanly before the sockets are closed
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await operator?.stop();
      await webhooks.stop();
      await indexer.stop();
      await store.close();
      provider.destroy();
      db.close();
    })());
  return { url, indexer, operator, webhooks, stop };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startServer(config);
  console.log(`Cluster Platform backend listening on ${running.url} (API at ${running.url}/api, chain ${config.rpcUrl})`);
  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping`);
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

// Run when started as a script, not when imported (scripts/start and tests import startServer).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
