import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HDNodeWallet, JsonRpcProvider } from "ethers";
import { issueSessionToken } from "../../backend/auth/session.js";
import { localAccount } from "../../scripts/lib/accounts.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import type { DeploymentRecord } from "../../core/deployment/record.js";
import { connectProvider } from "../../deploy/signer.js";
import type { ClusterSpecJson } from "../../deploy/spec.js";
import { startStrictLocalChain, timeTravel } from "../../scripts/lib/chain.js";
import { BIN, ROOT, freePort, run, startService, waitUntil, type Service } from "../../scripts/lib/processes.js";

// The test world: a fresh hardhat node, the platform and the demo cluster deployed by the
// lead's deploy code, the web app built, and the backend serving both on one origin.

export const ARTIFACTS = join(ROOT, "test-artifacts");
const LOGS = join(ARTIFACTS, "browser-logs");
/** Hardhat's standard account `index` (#0 is the CDC and deployer). */
export function hardhatAccount(index: number): HDNodeWallet {
  return localAccount(index);
}

/**
 * A test cluster's parameters under the CDO's decision: the CDO adds members itself, one
 * transaction each, no vote (the large clusters' setups).
 */
export const CDO_DECISION_PARAMS: ClusterSpecJson["params"] = {
  votingPeriod: 259200,
  quorumBps: 5000,
  approvalThresholdBps: 6000,
  admissionPolicy: "cdoDecision",
  documentsMustBeEncrypted: false,
  clearingCycleLength: 2592000,
};

/** The block explorer the browser world's backend names (CLUSTER_EXPLORER_URL). */
export const EXPLORER_URL = "https://explorer.invalid";

export interface World {
  rpcUrl: string;
  chainId: number;
  baseUrl: string;
  provider: JsonRpcProvider;
  record: DeploymentRecord;
  demo: { clusterId: number; name: string; spec: ClusterSpecJson };
  /**
   * GET an API path (from /api) as hardhat account `as` (0, the CDC, unless said), signed in with
   * a session token: most reads need one (the read model).
   */
  read<T>(path: string, as?: number): Promise<T>;
  /** Resolves once the backend has indexed `block`. */
  indexed(block: number): Promise<void>;
  /** Moves the chain's clock on by `seconds`, mines a block and waits until the backend has indexed it. */
  travel(seconds: number): Promise<void>;
  /**
   * Outages, for the tests of what open pages show meanwhile. stopBackend ends the backend
   * process (a crash or a redeploy); startBackend starts it again on the same port, database and
   * session secret (sessions stay valid) and resolves once it has indexed the chain's head.
   */
  stopBackend(): Promise<void>;
  startBackend(): Promise<void>;
  /**
   * pauseChain freezes the chain node (SIGSTOP): connections are taken and never answered, as a
   * hung node; the API stays up and its status turns 503 once the indexer's calls time out.
   * resumeChain lets the node go on (SIGCONT) and answer what was waiting.
   */
  pauseChain(): Promise<void>;
  resumeChain(): Promise<void>;
  stop(): Promise<void>;
}

let webApp: Promise<string> | undefined;

/**
 * The web app, built once per test run (every file's world serves the same build) into a folder
 * of its own, so a test run never races a developer's dist/frontend.
 */
function builtWebApp(): Promise<string> {
  webApp ??= (async () => {
    const web = await mkdtemp(join(tmpdir(), "cluster-browser-web-"));
    process.once("exit", () => rmSync(web, { recursive: true, force: true }));
    await run(join(BIN, "vite"), ["build", "frontend", "--outDir", web, "--emptyOutDir", "--logLevel", "warn"]);
    return web;
  })();
  return webApp;
}

let worlds = 0;

export async function startWorld(): Promise<World> {
  // Each world logs into a folder of its own: a failure's logs are not buried under the next world's.
  const logs = join(LOGS, `world-${++worlds}`);
  await mkdir(logs, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), "cluster-browser-"));
  const services: Service[] = [];
  const stop = async () => {
    for (const s of services.reverse()) await s.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Through the strict proxy: the web app, the backend and deploy get only what Besu serves.
    const chain = await startStrictLocalChain(undefined, join(logs, "chain.log"));
    services.push(chain);

    const provider = await connectProvider(chain.url);
    const chainId = Number((await provider.getNetwork()).chainId);
    const cdc = hardhatAccount(0).connect(provider);
    const recordPath = join(dir, "deployment.json");
    const record = await deployPlatform(cdc, { recordPath });
    const spec = JSON.parse(await readFile(join(ROOT, "deploy/clusters/demo.json"), "utf8")) as ClusterSpecJson;
    const demo = await createClusterFromSpec(cdc, record, spec);

    const web = await builtWebApp();

    const port = await freePort();
    const sessionSecret = randomBytes(32).toString("hex");
    const backendOptions = {
      logFile: join(logs, "backend.log"),
      env: {
        CLUSTER_RPC_URL: chain.url,
        CLUSTER_DEPLOYMENT: recordPath,
        CLUSTER_DB: join(dir, "index.sqlite"),
        CLUSTER_IPFS_DIR: join(dir, "ipfs"),
        CLUSTER_API_HOST: "127.0.0.1",
        CLUSTER_API_PORT: String(port),
        // The URL the browser opens: sign-in messages are for it.
        CLUSTER_PUBLIC_URL: `http://127.0.0.1:${port}`,
        CLUSTER_SESSION_SECRET: sessionSecret,
        CLUSTER_FRONTEND_DIST: web,
        CLUSTER_INDEXER_POLL_MS: "100",
        // External services of the browser tests listen on loopback ports of their own.
        CLUSTER_GATEWAY_PRIVATE_ORIGINS: "127.0.0.1",
        // Links to an explorer are drawn, never followed: .invalid never resolves.
        CLUSTER_EXPLORER_URL: EXPLORER_URL,
      },
    };
    const launchBackend = () => startService("backend", join(BIN, "tsx"), ["backend/server.ts"], backendOptions);
    // The backend may be restarted (startBackend): the world stops whichever one runs.
    let backend = await launchBackend();
    services.push({ name: "backend", child: backend.child, stop: () => backend.stop() });
    const baseUrl = `http://127.0.0.1:${port}`;
    let backendExited = false;
    let backendStopping = false;
    const watchExit = () => backend.child.once("exit", () => (backendExited = !backendStopping));
    watchExit();
    // The chain node's process group, frozen and thawed by pauseChain/resumeChain.
    const signalChain = (signal: NodeJS.Signals) => process.kill(-chain.child.pid!, signal);
    let chainPaused = false;
    // What the backend last said, for the message when it never gets there.
    let lastStatus = "no answer yet";
    const indexed = (block: number) =>
      waitUntil(
        `the backend to index block ${block}`,
        async () => {
          const res = await fetch(`${baseUrl}/api/status`, { signal: AbortSignal.timeout(5000) }).catch((err: Error) => err);
          if (res instanceof Error) {
            lastStatus = res.message;
            return false;
          }
          const body = await res.text();
          lastStatus = `HTTP ${res.status} ${body}`;
          return res.ok && ((JSON.parse(body) as { indexedBlock: number | null }).indexedBlock ?? -1) >= block;
        },
        60_000,
        () => (backendExited ? `the backend exited; see ${join(logs, "backend.log")}` : undefined),
      ).catch((err: Error) => {
        throw new Error(`${err.message}; /api/status last answered: ${lastStatus}; logs in ${logs}`);
      });
    await indexed(demo.blockNumber);

    return {
      rpcUrl: chain.url,
      chainId,
      baseUrl,
      provider,
      record,
      demo: { clusterId: Number(demo.clusterId), name: spec.name, spec },
      async read<T>(path: string, as = 0): Promise<T> {
        const { token } = await issueSessionToken(sessionSecret, hardhatAccount(as).address.toLowerCase(), 600);
        const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`GET ${path} as account ${as}: HTTP ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      },
      indexed,
      async travel(seconds: number) {
        await timeTravel(provider, seconds);
        await indexed(await provider.getBlockNumber());
      },
      async stopBackend() {
        backendStopping = true;
        await backend.stop();
      },
      async startBackend() {
        backend = await launchBackend();
        backendStopping = false;
        backendExited = false;
        watchExit();
        await indexed(await provider.getBlockNumber());
      },
      async pauseChain() {
        signalChain("SIGSTOP");
        chainPaused = true;
      },
      async resumeChain() {
        signalChain("SIGCONT");
        chainPaused = false;
      },
      async stop() {
        // A frozen node would ignore SIGTERM until the world's grace period ends.
        if (chainPaused) signalChain("SIGCONT");
        provider.destroy();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
