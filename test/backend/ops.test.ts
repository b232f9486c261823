import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../backend/api/app.js";
import { EmbeddedStore } from "../../backend/storage/embeddedStore.js";
import { indexOf, type TestIndex } from "./support/index.js";
import { getJson, serve, testConfig, type Served } from "./support/server.js";
import { platformWorld, type PlatformWorld } from "./support/world.js";

describe("operations endpoints: liveness, readiness and Prometheus metrics", function () {
  let world: PlatformWorld;
  let index: TestIndex;
  let store: EmbeddedStore;
  let dir: string;
  const apps: Served[] = [];

  const serveWith = async (env: NodeJS.ProcessEnv = {}) => {
    const served = await serve(
      createApp({ db: index.db, config: testConfig({ CLUSTER_IPFS_DIR: dir, ...env }), indexer: index.indexer, store, log: () => {} }),
    );
    apps.push(served);
    return served.url;
  };

  before(async function () {
    world = await platformWorld();
    index = await indexOf(world.chain.provider, world.recordPath);
    dir = await mkdtemp(join(tmpdir(), "cluster-ops-"));
    store = await EmbeddedStore.open({ dir, maxBytes: 1 << 20 });
  });
  after(async function () {
    for (const a of apps) await a.close();
    await index?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("answers live, and ready with each dependency checked: database, chain, index lag, content store", async function () {
    const url = await serveWith();
    expect((await getJson(`${url}/livez`)).body).to.deep.equal({ live: true });
    const ready = await getJson(`${url}/readyz`);
    expect(ready.status, JSON.stringify(ready.body)).to.equal(200);
    const body = ready.body as { ready: boolean; checks: Record<string, { ok: boolean; detail: string }> };
    expect(body.ready).to.equal(true);
    expect(Object.keys(body.checks)).to.have.members(["database", "chain", "index", "contentStore"]);
    expect(body.checks.index!.detail).to.match(/^0 blocks behind the head/);
  });

  it("is not ready before the index has read the chain, says which checks fail, and is once it has", async function () {
    // A backend just started: its index has not reached the chain yet.
    const fresh = await indexOf(world.chain.provider, world.recordPath, { sync: false });
    try {
      const served = await serve(createApp({ db: fresh.db, config: testConfig({ CLUSTER_IPFS_DIR: dir }), indexer: fresh.indexer, store, log: () => {} }));
      apps.push(served);
      const early = await getJson(`${served.url}/readyz`);
      expect(early.status).to.equal(503);
      const body = early.body as { ready: boolean; checks: Record<string, { ok: boolean; detail: string }> };
      expect(body.ready).to.equal(false);
      expect(body.checks.index).to.deep.equal({ ok: false, detail: "has not indexed the chain yet" });
      expect(body.checks.chain).to.deep.equal({ ok: false, detail: "The indexer has not reached the chain yet" });
      expect(body.checks.database!.ok).to.equal(true);
      expect((await getJson(`${served.url}/livez`)).status, "live all the same").to.equal(200);
      await fresh.indexer.syncToHead();
      expect((await getJson(`${served.url}/readyz`)).status).to.equal(200);
    } finally {
      await fresh.close();
    }
  });

  it("counts requests by route pattern (ids left out) and reports the indexer and the webhook queue", async function () {
    const url = await serveWith();
    await getJson(`${url}/api/status`);
    await getJson(`${url}/api/clusters/1`);
    await getJson(`${url}/api/clusters/2`);
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get("content-type")).to.match(/^text\/plain/);
    const text = await res.text();
    expect(text).to.match(/cluster_http_request_duration_seconds_count\{method="GET",route="\/api\/clusters\/:id",status="200"\} 2/);
    expect(text).to.match(/cluster_http_request_duration_seconds_count\{method="GET",route="\/api\/status",status="200"\} 1/);
    expect(text).not.to.match(/route="\/api\/clusters\/1"/);
    expect(text).to.match(/^cluster_indexer_lag_blocks 0$/m);
    expect(text).to.match(/^cluster_chain_reachable 1$/m);
    expect(text).to.contain("cluster_webhook_deliveries");
    expect(text).to.contain("cluster_process_cpu_user_seconds_total");
  });

  it("asks for the metrics token when one is configured", async function () {
    const token = "metrics-token-0123456789";
    const url = await serveWith({ CLUSTER_METRICS_TOKEN: token });
    const refused = await fetch(`${url}/metrics`);
    expect(refused.status).to.equal(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).to.equal(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(200);
    // Liveness and readiness stay open: orchestrators probe them without secrets.
    expect((await fetch(`${url}/livez`)).status).to.equal(200);
  });
});
