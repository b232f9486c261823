import { expect } from "chai";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { deployPlatform } from "../../deploy/platform.js";
import { writeDeployment } from "../../core/node/deploymentFile.js";
import { createApp } from "../../backend/api/app.js";
import { listClusters } from "../../backend/services/cluster-registration/clusters.js";
import { platformStatus } from "../../core/api/schemas/status.js";
import { createProvider } from "../../core/chain/provider.js";
import { getMeta } from "../../backend/db/meta.js";
import { openDatabase } from "../../backend/db/open.js";
import { testLocation } from "./support/store.js";
import { startServer, StartupError } from "../../backend/server.js";
import { waitUntil } from "../../scripts/lib/processes.js";
import { account, startChain, type TestChain } from "./support/chain.js";
import { indexOf, tempDir, type TestIndex } from "./support/index.js";
import { getJson, serve, testConfig, type Served } from "./support/server.js";
import { demoSpec } from "./support/world.js";

/** A JSON-RPC relay in front of a node that can be told to hang: it then takes requests and never answers. */
class HangingRelay {
  hung = false;
  private readonly held: ServerResponse[] = [];
  private server: Server | undefined;
  url = "";

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.relay(req, res));
    this.server.listen(0, "127.0.0.1");
    await new Promise((resolve) => this.server!.once("listening", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.hung) {
      this.held.push(res);
      return;
    }
    try {
      const answer = await fetch(this.target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    } catch {
      res.destroy();
    }
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}

describe("the chain's health: /api/status and the deployment check", function () {
  this.timeout(180_000);
  let chain: TestChain | undefined;
  let index: TestIndex | undefined;
  let served: Served | undefined;
  let relay: HangingRelay | undefined;

  afterEach(async () => {
    await served?.close();
    await index?.close();
    await relay?.stop();
    await chain?.stop();
    served = index = relay = chain = undefined;
  });

  /** A platform on a fresh chain, followed by an indexer through a relay, and the API over it. */
  async function followedPlatform() {
    chain = await startChain();
    const recordPath = join(await tempDir(), "deployment.json");
    const record = await deployPlatform(account(0, chain.provider), { recordPath });
    relay = new HangingRelay(chain.url);
    await relay.start();
    const provider = createProvider(relay.url, { chainId: 31337, pollMs: 50, timeoutMs: 1000 });
    index = await indexOf(provider, recordPath, { sync: false });
    index.indexer.start();
    const config = testConfig({ CLUSTER_RPC_TIMEOUT_MS: "1000", CLUSTER_INDEXER_POLL_MS: "50" });
    served = await serve(createApp({ db: index.db, config, indexer: index.indexer, log: () => {} }));
    const status = async () => {
      const res = await getJson(`${served!.url}/api/status`);
      return { status: res.status, body: platformStatus.parse(res.body) };
    };
    await waitUntil("the chain to be indexed", async () => (await status()).body.lagBlocks === 0, 30_000);
    return { record, status, provider };
  }

  it("reports the chain reachable with the indexer's lag, then 503 and why once the node is stopped", async function () {
    const { status, provider } = await followedPlatform();
    const live = await status();
    expect(live.status).to.equal(200);
    expect(live.body.chain.reachable).to.equal(true);
    expect(live.body.chain.problem).to.equal(null);
    expect(Date.parse(live.body.chain.lastContactAt!)).to.be.closeTo(Date.now(), 5000);
    expect(live.body.lagBlocks).to.equal(0);
    expect(live.body).not.to.have.property("error");

    await chain!.stop();
    chain = undefined;
    await waitUntil("the status to say the chain is down", async () => (await status()).status === 503, 15_000);
    const down = await status();
    expect(down.body.chain.reachable).to.equal(false);
    expect(down.body.chain.problem).to.be.a("string").and.not.equal("");
    expect(down.body.error?.code).to.equal("service_unavailable");
    expect(down.body.error?.message).to.match(/The chain at the RPC URL is unreachable/);
    expect(down.body.indexedBlock).to.equal(live.body.indexedBlock); // the index still answers
    provider.destroy();
  });

  it("answers 503 within the RPC timeout when the node hangs (accepts calls, never answers)", async function () {
    const { status, provider } = await followedPlatform();
    expect((await status()).status).to.equal(200);
    relay!.hung = true;
    const hungAt = Date.now();
    await waitUntil("the status to say the chain is down", async () => (await status()).status === 503, 15_000);
    // One timeout (1 s) and the indexer's slowest retry pause (5 s) at most.
    expect(Date.now() - hungAt).to.be.below(1000 + 5000 + 2000);
    const down = await status();
    expect(down.body.chain.reachable).to.equal(false);
    expect(down.body.chain.problem).to.match(/timeout|not answered/);
    provider.destroy();
  });

  describe("a foreign chain at the RPC URL", function () {
    /** A platform with a cluster, indexed into a database file; then the node is replaced by a new one (new genesis). */
    async function indexedThenReplaced() {
      chain = await startChain();
      const dir = await tempDir();
      const recordPath = join(dir, "deployment.json");
      const record = await deployPlatform(account(0, chain.provider), { recordPath });
      const spec = await demoSpec();
      await createClusterFromSpec(account(0, chain.provider), record, spec);
      const dbPath = join(dir, "index.sqlite");
      const first = await indexOf(chain.provider, recordPath, { dbPath });
      const genesis = await getMeta(first.db, "genesis_hash");
      await first.close();
      const port = chain.port;
      await chain.stop();
      chain = await startChain(port); // same URL, another genesis, no platform on it
      return { dir, recordPath, record, dbPath, spec, genesis };
    }

    const env = (dir: string, url: string) => ({
      CLUSTER_RPC_URL: url,
      CLUSTER_DEPLOYMENT: join(dir, "deployment.json"),
      CLUSTER_DB: join(dir, "index.sqlite"),
      CLUSTER_API_PORT: "0",
      CLUSTER_INDEXER_POLL_MS: "50",
    });

    it("keeps the index and waits, with a clear problem, instead of dropping it", async function () {
      const { recordPath, dbPath, spec, genesis } = await indexedThenReplaced();
      const provider = createProvider(chain!.url, { chainId: 31337, pollMs: 50 });
      index = await indexOf(provider, recordPath, { dbPath, sync: false });
      index.indexer.start();
      await waitUntil("the indexer to wait", async () => index!.indexer.state.phase === "waiting", 30_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(index.indexer.state.problem).to.match(/genesis .* \(the index is kept\)/);
      expect(await getMeta(index.db, "genesis_hash")).to.equal(genesis);
      expect((await listClusters(index.db)).rows.map((c) => c.name)).to.deep.equal([spec.name]);
      provider.destroy();
    });

    it("refuses to start the server, naming the mismatch, and leaves the database as it was", async function () {
      const { dir, dbPath, spec, genesis } = await indexedThenReplaced();
      const err = await startServer(testConfig(env(dir, chain!.url)), () => {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(StartupError);
      expect((err as Error).message).to.match(
        /^Refusing to start: The deployment record does not match the chain: the node's genesis is 0x[0-9a-f]{64}, the record's 0x[0-9a-f]{64}\./,
      );
      expect((err as Error).message).to.match(/the index at .* is kept as it is/);
      const db = await openDatabase(testLocation(dbPath));
      try {
        expect(await getMeta(db, "genesis_hash")).to.equal(genesis);
        expect((await listClusters(db)).rows.map((c) => c.name)).to.deep.equal([spec.name]);
      } finally {
        await db.close();
      }
    });

    it("refuses to start when the record's chain id or contract code does not match, and creates no database", async function () {
      chain = await startChain();
      const dir = await tempDir();
      const recordPath = join(dir, "deployment.json");
      const record = await deployPlatform(account(0, chain.provider), { recordPath });
      const refusal = async () =>
        startServer(testConfig(env(dir, chain!.url)), () => {}).then(
          () => "started",
          (e: unknown) => (e instanceof StartupError ? e.message : `unexpected: ${String(e)}`),
        );

      await writeDeployment(recordPath, { ...record, chainId: 1 });
      expect(await refusal()).to.match(/the node's chain id is 31337, the record's 1\./);
      const nowhere = "0x00000000000000000000000000000000000c0de0";
      await writeDeployment(recordPath, {
        ...record,
        contracts: { ...record.contracts, ClusterRegistry: { ...record.contracts.ClusterRegistry, address: nowhere } },
      });
      expect(await refusal()).to.match(new RegExp(`no code at ClusterRegistry \\(${nowhere}\\)`));
      expect(existsSync(join(dir, "index.sqlite"))).to.equal(false);

      await writeDeployment(recordPath, record);
      const running = await startServer(testConfig(env(dir, chain.url)), () => {});
      await running.stop();
    });
  });
});
