import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { createServer, request, type ClientRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pino } from "pino";
import { createApp } from "../../backend/api/app.js";
import { componentLog, readableLine } from "../../backend/ops/logger.js";
import { startServer, type RunningServer } from "../../backend/server.js";
import { createProvider, type RpcOutcome } from "../../core/chain/provider.js";
import { indexOf, tempDir } from "./support/index.js";
import { getJson, serve, testConfig } from "./support/server.js";
import { platformWorld, type PlatformWorld } from "./support/world.js";

/** A server of the platform world with its own index, its log lines kept as parsed JSON. */
async function startLogged(world: PlatformWorld, dir: string, env: NodeJS.ProcessEnv = {}) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void (raw.push(line), lines.push(JSON.parse(line) as Record<string, unknown>)) });
  const config = testConfig({
    CLUSTER_RPC_URL: world.chain.url,
    CLUSTER_DEPLOYMENT: world.recordPath,
    CLUSTER_DB: join(dir, "index.sqlite"),
    CLUSTER_API_PORT: "0",
    CLUSTER_IPFS_DIR: join(dir, "ipfs"),
    ...env,
  });
  const running = await startServer(config, undefined, { logger });
  await running.indexer.waitFor(world.lastBlock);
  return { running, lines, raw };
}

/** POST /documents/verify with a body sent in parts, only when told: a request the test holds in flight. */
function slowVerify(url: string, clusterId: number) {
  const { hostname, port } = new URL(url);
  const req: ClientRequest = request({
    host: hostname,
    port,
    method: "POST",
    path: `/api/clusters/${clusterId}/documents/verify`,
    agent: false,
    // The server answers 100 Continue once the app has the request: proof that it is in flight.
    headers: { "content-type": "application/octet-stream", "transfer-encoding": "chunked", expect: "100-continue" },
  });
  const inFlight = new Promise<void>((resolve) => req.once("continue", resolve));
  const answer = new Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }>((resolve, reject) => {
    req.once("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.once("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.once("error", reject);
    });
    req.once("error", reject);
  });
  req.flushHeaders();
  return { req, inFlight, answer };
}

/** Resolves with the error of a fresh connection's request (none: "answered"). */
function freshConnection(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${url}/livez`, { agent: false }, (res) => {
      res.resume();
      resolve("answered");
    });
    req.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("server stop: requests in flight finish, new ones are refused", function () {
  let world: PlatformWorld;
  let dir: string;
  const started: RunningServer[] = [];

  before(async function () {
    world = await platformWorld();
    dir = await tempDir();
  });
  after(async function () {
    for (const s of started) await s.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("answers a request in flight in full after stop() was called, refuses new connections, then resolves", async function () {
    const { running, lines } = await startLogged(world, join(dir, "graceful"));
    started.push(running);
    const parts = [randomBytes(1000), randomBytes(2000), randomBytes(3000)];
    const upload = slowVerify(running.url, Number(world.demo.clusterId));
    await upload.inFlight;
    upload.req.write(parts[0]);

    const stopped = running.stop();
    let stopDone = false;
    void stopped.then(() => (stopDone = true));
    expect(await freshConnection(running.url)).to.equal("ECONNREFUSED");
    for (const part of parts.slice(1)) {
      await pause(150);
      expect(stopDone, "stop() waits for the request in flight").to.equal(false);
      upload.req.write(part);
    }
    upload.req.end();

    const answer = await upload.answer;
    expect(answer.status, answer.body).to.equal(200);
    expect(answer.headers.connection, "its connection closes after the answer").to.equal("close");
    const body = JSON.parse(answer.body) as { sha256: string; size: number; anchored: boolean };
    const whole = Buffer.concat(parts);
    expect(body).to.include({ sha256: `0x${createHash("sha256").update(whole).digest("hex")}`, size: whole.length, anchored: false });
    await stopped;
    expect(running.indexer.state.phase).to.equal("stopped");
    expect(lines.some((l) => l.component === "http" && l.route === "/api/clusters/:id/documents/verify" && l.status === 200)).to.equal(true);
  });

  it("cuts a request still unanswered after CLUSTER_SHUTDOWN_GRACE_MS, logs it, and resolves", async function () {
    const { running, lines } = await startLogged(world, join(dir, "cut"), { CLUSTER_SHUTDOWN_GRACE_MS: "300" });
    started.push(running);
    const upload = slowVerify(running.url, Number(world.demo.clusterId));
    upload.answer.catch(() => {}); // rejected when cut; asserted below
    await upload.inFlight;
    upload.req.write(randomBytes(100));
    const before = Date.now();
    await running.stop();
    expect(Date.now() - before).to.be.at.least(290);
    const outcome = await upload.answer.then(
      () => "answered",
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect(outcome).to.equal("ECONNRESET");
    expect(lines.some((l) => l.component === "server" && l.level === 40 && /cut 1 requests still unanswered after 300 ms/.test(String(l.msg)))).to.equal(true);
  });

  it("answers /readyz with 503 and draining while the server stops", async function () {
    const index = await indexOf(world.chain.provider, world.recordPath);
    const served = await serve(createApp({ db: index.db, config: testConfig(), indexer: index.indexer, log: () => {}, draining: () => true }));
    try {
      const ready = await getJson(`${served.url}/readyz`);
      expect(ready.status).to.equal(503);
      expect(ready.body).to.deep.equal({ ready: false, draining: true });
    } finally {
      await served.close();
      await index.close();
    }
  });
});

describe("server logs and chain-call metrics", function () {
  let world: PlatformWorld;
  let dir: string;
  let server: Awaited<ReturnType<typeof startLogged>>;

  before(async function () {
    world = await platformWorld();
    dir = await tempDir();
    server = await startLogged(world, dir);
  });
  after(async function () {
    await server?.running.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("logs one JSON line per request with its route pattern, status and duration, and never its token or query", async function () {
    const { running, lines, raw } = server;
    const secret = "session-token-that-must-not-be-logged";
    const res = await fetch(`${running.url}/api/clusters/${world.demo.clusterId}?token=${secret}`, {
      headers: { authorization: `Bearer ${secret}`, cookie: `session=${secret}` },
    });
    expect(res.status).to.equal(200);
    await res.arrayBuffer();
    const requests = lines.filter((l) => l.component === "http" && l.route === "/api/clusters/:id");
    expect(requests).to.have.length(1);
    expect(requests[0]).to.include({ level: 30, method: "GET", route: "/api/clusters/:id", status: 200 });
    expect(requests[0]!.ms).to.be.a("number");
    expect(requests[0]!.time).to.be.a("number");
    expect(raw.join("")).not.to.contain(secret);
  });

  it("tags each part's lines with its component, which their prefix then leaves", function () {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    componentLog(logger, "indexer")("indexer: block 7 of 9");
    componentLog(logger, "api", "error")("api: GET /api/status failed: boom");
    const [info, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(info).to.include({ level: 30, component: "indexer", msg: "block 7 of 9" });
    expect(error).to.include({ level: 50, component: "api", msg: "GET /api/status failed: boom" });
    expect(readableLine(lines[0]!)).to.match(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}indexer: block 7 of 9\n$/);
  });

  it("serves the chain calls' latency by JSON-RPC method and outcome at /metrics", async function () {
    const { running } = server;
    await getJson(`${running.url}/api/status`);
    const text = await (await fetch(`${running.url}/metrics`)).text();
    expect(text).to.match(/^cluster_rpc_request_duration_seconds_count\{method="eth_getBlockByNumber",outcome="ok"\} [1-9]\d*$/m);
    expect(text).to.match(/^cluster_rpc_request_duration_seconds_count\{method="eth_getLogs",outcome="ok"\} [1-9]\d*$/m);
    expect(text).to.contain("# TYPE cluster_rpc_errors_total counter");
    expect(text).to.contain("# TYPE cluster_operator_actions_total counter");
    expect(text).to.contain("# TYPE cluster_operator_last_pass_timestamp_seconds gauge");
  });

  it("reports each call of a batch by its method, and errors and timeouts as such", async function () {
    // A node that answers eth_blockNumber, refuses anything else, and never answers eth_syncing.
    const node = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d));
      req.on("end", () => {
        const payload = JSON.parse(body) as { id: number; method: string } | { id: number; method: string }[];
        const calls = Array.isArray(payload) ? payload : [payload];
        if (calls.some((c) => c.method === "eth_syncing")) return; // hangs
        const answers = calls.map((c) =>
          c.method === "eth_blockNumber" ? { jsonrpc: "2.0", id: c.id, result: "0x7" } : { jsonrpc: "2.0", id: c.id, error: { code: -32601, message: "no" } },
        );
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(Array.isArray(payload) ? answers : answers[0]));
      });
    });
    node.listen(0, "127.0.0.1");
    await new Promise((r) => node.once("listening", r));
    const calls: { method: string; outcome: RpcOutcome; seconds: number }[] = [];
    const provider = createProvider(`http://127.0.0.1:${(node.address() as AddressInfo).port}`, {
      chainId: 31337,
      timeoutMs: 300,
      onCall: (method, seconds, outcome) => calls.push({ method, seconds, outcome }),
    });
    try {
      // Sent in one tick: one batch of two calls.
      const [block, refused] = await Promise.all([provider.send("eth_blockNumber", []), provider.send("eth_gasPrice", []).catch(() => "refused")]);
      expect([block, refused]).to.deep.equal(["0x7", "refused"]);
      expect(calls.map(({ method, outcome }) => ({ method, outcome }))).to.deep.equal([
        { method: "eth_blockNumber", outcome: "ok" },
        { method: "eth_gasPrice", outcome: "error" },
      ]);
      expect(calls[0]!.seconds).to.equal(calls[1]!.seconds);
      calls.length = 0;
      expect(await provider.send("eth_syncing", []).catch((err: { code?: string }) => err.code)).to.equal("TIMEOUT");
      expect(calls.map(({ method, outcome }) => ({ method, outcome }))).to.deep.equal([{ method: "eth_syncing", outcome: "timeout" }]);
    } finally {
      provider.destroy();
      node.closeAllConnections();
      await new Promise((r) => node.close(r));
    }
  });
});
