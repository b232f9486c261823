import type { Logger } from "pino";
import { Wallet } from "ethers";
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
import { TokenReader } from "./tokens/reader.js";
import { PermissioningOperator } from "./operators/permissioning/operator.js";
import { readNetworkFile } from "./operators/permissioning/networkFile.js";
import { operatorKey, StartupError } from "./operators/operatorKey.js";
import { createProvider } from "../core/chain/provider.js";
import { hostForUrl, indexLocation, loadConfig, publicUrl, type Config } from "./config.js";
import { Leadership } from "./db/leader.js";
import { openDatabase } from "./db/open.js";
import { deploymentProblem } from "./indexer/deploymentCheck.js";
import { Indexer } from "./indexer/indexer.js";
import { createContentStore } from "./storage/create.js";
import { drainable } from "./ops/drain.js";
import { componentLog, createLogger, requestLog, type LogLine } from "./ops/logger.js";
import { createBackendMetrics } from "./ops/metrics.js";

export interface RunningServer {
  url: string;
  indexer: Indexer;
  /** Null unless CLUSTER_CLEARING_OPERATOR_KEY or CLUSTER_CLEARING_OPERATOR_KEY_FILE is set. */
  operator: ClearingOperator | null;
  /** Null unless CLUSTER_NETWORK_FILE is set. */
  permissioning: PermissioningOperator | null;
  /** Delivers chain events to the external services that subscribe to them. */
  webhooks: WebhookDispatcher;
  stop(): Promise<void>;
}

export { StartupError };

export interface ServerOptions {
  /** The structured log: each part's lines tagged with its component, and one line per API request. */
  logger?: Logger;
}

/**
 * Opens the index, follows the chain and serves the API and the web app. Its parts log through
 * `log` when one is given (tests), as plain lines, and requests are then logged only to
 * `options.logger`; without `log`, everything goes to the logger (by default one made from
 * CLUSTER_LOG_LEVEL and CLUSTER_LOG_FORMAT).
 */
export async function startServer(config: Config, log?: LogLine, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? (log ? undefined : createLogger(config.log));
  const logOf = (component: string, level?: "info" | "warn" | "error"): LogLine => log ?? (logger ? componentLog(logger, component, level) : () => {});
  // Made before the provider, whose every call it times; served at the app's /metrics.
  const metrics = createBackendMetrics();
  const record = await readDeployment(config.deploymentPath).catch(() => undefined);
  const provider = createProvider(config.rpcUrl, {
    chainId: record?.chainId,
    pollMs: config.indexer.pollMs,
    timeoutMs: config.rpcTimeoutMs,
    onCall: metrics.rpc,
  });
  const keys = async () => ({
    clearing: await operatorKey(provider, record?.chainId, config.keystorePassword, {
      key: config.clearingOperatorKey,
      keyFile: config.clearingOperatorKeyFile,
      variable: "CLUSTER_CLEARING_OPERATOR_KEY",
      role: "clearing operator",
    }),
    permissioning: await operatorKey(provider, record?.chainId, config.keystorePassword, {
      key: config.permissioning.key,
      keyFile: config.permissioning.keyFile,
      variable: "CLUSTER_PERMISSIONING_OPERATOR_KEY",
      role: "permissioning operator",
    }),
    network: config.permissioning.networkFile
      ? await readNetworkFile(config.permissioning.networkFile).catch((err: unknown) => {
          throw new StartupError(`Refusing to start: ${(err as Error).message}`);
        })
      : null,
  });
  const {
    clearing: clearingKey,
    permissioning: permissioningKey,
    network,
  } = await keys().catch((err: unknown) => {
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
  const db = await openDatabase(indexLocation(config));
  // Replicas on one PostgreSQL index elect one process per role; with SQLite this one leads them all.
  const role = (name: string) => new Leadership(db, name, logOf(name));
  const indexer = new Indexer({
    db,
    leadership: role("indexer"),
    provider,
    loadDeployment: () => readDeployment(config.deploymentPath),
    batchBlocks: config.indexer.batchBlocks,
    pollMs: config.indexer.pollMs,
    log: logOf("indexer"),
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
  const requests = drainable(server); // before the app: it marks answers given while draining
  server.listen(config.api.port, config.api.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${hostForUrl(config.api.host)}:${port}`;
  const served: Config = config.publicUrl.configured ? config : { ...config, publicUrl: publicUrl(url, false) };
  const app = createApp({
    db,
    config: served,
    indexer,
    store,
    manifests,
    gatewayKeys,
    log: logOf("api", "error"),
    requestLog: logger && requestLog(logger),
    metrics,
    operators: {
      clearing: clearingKey ? new Wallet(clearingKey).address : null,
      permissioning: permissioningKey ? new Wallet(permissioningKey).address : null,
    },
    draining: () => requests.draining,
  });
  server.on("request", app);
  // Chain events external services subscribe to, as signed webhooks.
  const webhooks = new WebhookDispatcher({
    db,
    leadership: role("webhook dispatcher"),
    manifests,
    keys: gatewayKeys,
    maxAttempts: config.webhooks.maxAttempts,
    retryMs: config.webhooks.retryMs,
    timeoutMs: config.gateway.timeoutMs,
    egress: new EgressPolicy(config.gateway.privateOrigins),
    pollMs: Math.max(config.indexer.pollMs, 200),
    log: logOf("webhooks"),
  });
  webhooks.start();
  // Deliveries start as soon as their events are indexed, not at the dispatcher's next poll.
  indexer.on("indexed", () => webhooks.wake());
  // The settlement tokens' decimals and symbols, read once each for the API to answer without the chain.
  const tokenReader = new TokenReader({ db, provider, indexer, log: logOf("tokens"), leadership: role("token reader") });
  tokenReader.start();
  // The clearing service's operator runs only with a key (CLUSTER_CLEARING_OPERATOR_KEY or _KEY_FILE).
  const operator = clearingKey
    ? new ClearingOperator({
        db,
        leadership: role("clearing operator"),
        provider,
        indexer,
        privateKey: clearingKey,
        pollMs: Math.max(config.indexer.pollMs, 1000),
        log: logOf("clearing operator"),
        metrics,
      })
    : null;
  operator?.start();
  // The network's permissioning operator runs where a network file names the nodes it keeps.
  const permissioning = network
    ? new PermissioningOperator({
        db,
        leadership: role("permissioning operator"),
        provider,
        indexer,
        network,
        nodeRegistry: record?.contracts.NodeRegistry?.address ?? null,
        privateKey: permissioningKey,
        pollMs: config.permissioning.pollMs,
        rpcTimeoutMs: config.rpcTimeoutMs,
        log: logOf("permissioning operator"),
        metrics,
      })
    : null;
  permissioning?.start();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      feedOf(app)?.close(); // event streams end cleanly before the sockets are closed
      // Requests in flight finish while the operators end their pass and the dispatcher its
      // deliveries. The indexer stops after the operators (a pass waits for its own transactions
      // to be indexed), at the end of its batch; then what they all use closes.
      const [cut] = await Promise.all([
        requests.drain(config.ops.shutdownGraceMs),
        operator?.stop(),
        permissioning?.stop(),
        webhooks.stop(),
        tokenReader.stop(),
      ]);
      if (cut > 0) logOf("server", "warn")(`cut ${cut} requests still unanswered after ${config.ops.shutdownGraceMs} ms (CLUSTER_SHUTDOWN_GRACE_MS)`);
      await indexer.stop();
      await store.close();
      provider.destroy();
      await db.close();
    })());
  return { url, indexer, operator, permissioning, webhooks, stop };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.log);
  const log = componentLog(logger, "server");
  const running = await startServer(config, undefined, { logger });
  log(`Cluster Platform backend listening on ${running.url} (API at ${running.url}/api, chain ${config.rpcUrl})`);
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      log(`${signal} again: exiting without waiting for work in flight`);
      process.exit(1);
    }
    log(`${signal}: stopping; requests in flight have ${config.ops.shutdownGraceMs} ms, the rest finishes its step (${signal} again: exit now)`);
    running.stop().then(
      () => {
        log("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ component: "server", err }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

// Run when started as a script, not when imported (scripts/start and tests import startServer).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
