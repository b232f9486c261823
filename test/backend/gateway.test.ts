import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, SignJWT } from "jose";
import { createApp } from "../../backend/api/app.js";
import { loadGatewayKeys, type GatewayKeys } from "../../backend/gateway/keys.js";
import { issueGatewayToken } from "../../backend/gateway/token.js";
import { WebhookDispatcher } from "../../backend/gateway/webhooks.js";
import { EgressPolicy, egressRequest } from "../../backend/gateway/egress.js";
import { ManifestLibrary } from "../../backend/services/manifests.js";
import { EmbeddedStore } from "../../backend/storage/embeddedStore.js";
import { GATEWAY_JWKS_PATH, gatewayPath } from "../../core/services/gateway.js";
import { createClusterFromSpec } from "../../deploy/cluster.js";
import { registerExternalService } from "../../deploy/externalService.js";
import { bulletinManifest } from "../../examples/bulletin/manifest.js";
import { startBulletin, type BulletinProcess } from "../../scripts/lib/bulletin.js";
import { freePort, ROOT } from "../../scripts/lib/processes.js";
import { createService, ServiceError, type RunningService } from "../../sdk/src/index.js";
import { bearer, componentWorld, increaseTime, threeFoundersSpec, type ComponentWorld } from "./support/components.js";
import { execute, governorOf, proposed, Vote } from "./support/governance.js";
import { send } from "./support/world.js";
import { ServiceCatalog__factory } from "../../types/typechain/index.js";
import { account } from "./support/chain.js";
import { indexOf, type TestIndex } from "./support/index.js";
import { getJson, serveWith, testConfig, type Served } from "./support/server.js";
import { eventually } from "../browser/eventually.js";

const SERVICES = ["authentication", "cluster-registration", "service-configuration", "document-management"];

describe("external services: gateway, tokens and webhooks, with the example service in its own process", function () {
  let cw: ComponentWorld;
  let index: TestIndex;
  let store: EmbeddedStore;
  let served: Served;
  let keys: GatewayKeys;
  let dispatcher: WebhookDispatcher;
  let bulletin: BulletinProcess;
  let slow: RunningService;
  let raw: Server;
  let slowUrl: string;
  let dir: string;
  let secret: string;
  let bulletinPort: number;
  let clusterId: number;
  let api: string;

  /** A cluster of a, b and c with its own CDO (other suites count the demo CDO's clusters). */
  const bulletinCluster = async (name: string, services: string[]) =>
    threeFoundersSpec(cw, { name, cdo: account(40, cw.world.chain.provider).address, services, settlementToken: (await cw.token.getAddress()).toLowerCase() });
  const authAs = async (address: string) => ({ headers: { authorization: await bearer(address), "content-type": "application/json" } });
  const notices = async () =>
    (await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/notices")}`, await authAs(cw.a.address))).body as { text: string; authorName: string }[];
  const startTheBoard = async () =>
    (bulletin = await startBulletin({
      platformUrl: served.url,
      webhookSecret: secret,
      port: bulletinPort,
      dbPath: join(dir, "bulletin.sqlite"),
      logFile: join(ROOT, "test-artifacts", "backend", "bulletin.log"),
    }));

  before(async function () {
    cw = await componentWorld();
    const { world } = cw;
    dir = await mkdtemp(join(tmpdir(), "cluster-gateway-"));
    index = await indexOf(world.chain.provider, world.recordPath);
    store = await EmbeddedStore.open({ dir: join(dir, "ipfs"), maxBytes: 1 << 20 });
    keys = await loadGatewayKeys(join(dir, "gateway-keys.json"));
    const manifests = new ManifestLibrary(store);
    served = await serveWith((url) =>
      createApp({
        db: index.db,
        config: testConfig({
          CLUSTER_PUBLIC_URL: url,
          CLUSTER_GATEWAY_TIMEOUT_MS: "700",
          CLUSTER_GATEWAY_MAX_BODY: "4096",
          CLUSTER_GATEWAY_PRIVATE_ORIGINS: "127.0.0.1",
        }),
        indexer: index.indexer,
        store,
        manifests,
        gatewayKeys: keys,
        log: () => {},
      }),
    );
    api = served.url;
    index.indexer.start();
    dispatcher = new WebhookDispatcher({
      db: index.db,
      manifests,
      keys,
      maxAttempts: 10,
      retryMs: 100,
      timeoutMs: 2000,
      pollMs: 50,
      egress: new EgressPolicy(["127.0.0.1"]),
    });
    dispatcher.start();

    // The example service, registered by the CDC through the API and the catalog, in its own process.
    bulletinPort = await freePort();
    const registered = await registerExternalService(world.cdc, world.record, served.url, bulletinManifest(`http://127.0.0.1:${bulletinPort}`));
    secret = registered.webhookSecret;
    await startTheBoard();

    // A second SDK service in this process, whose one route takes longer than the gateway waits.
    const slowPort = await freePort();
    slowUrl = `http://127.0.0.1:${slowPort}`;
    const slowManifest = {
      ...bulletinManifest(`http://127.0.0.1:${slowPort}`),
      id: "slow-echo",
      title: "Slow echo",
      pages: [],
      external: { baseUrl: `http://127.0.0.1:${slowPort}`, openapi: "/openapi.json", subscribes: [], webhookPath: "/webhooks" },
    };
    const slowSecret = (await registerExternalService(world.cdc, world.record, served.url, slowManifest)).webhookSecret;
    slow = createService({
      manifest: slowManifest,
      platformUrl: served.url,
      webhookSecret: slowSecret,
      routes: {
        "GET /sleep": () => new Promise((r) => setTimeout(() => r({ slept: true }), 3000)),
        "GET /big": () => "x".repeat(10_000),
        "GET /boom": () => {
          throw new Error("the database is gone");
        },
        "GET /refuse": () => {
          throw new ServiceError(400, "no such thing");
        },
        "GET /echo/:word": ({ params }) => ({ word: params.word }),
      },
    });
    await slow.listen(slowPort);

    // A service that answers what a browser would run or follow: a page with a script, a redirect.
    const rawPort = await freePort();
    raw = createServer((req, res) => {
      if (req.url === "/page") res.writeHead(200, { "content-type": "text/html" }).end("<script>parent.stolen = localStorage</script>");
      else res.writeHead(302, { location: "https://phishing.example/sign-in" }).end();
    });
    await new Promise<void>((resolve) => raw.listen(rawPort, "127.0.0.1", resolve));
    await registerExternalService(world.cdc, world.record, served.url, {
      ...slowManifest,
      id: "raw-page",
      title: "Raw page",
      external: { ...slowManifest.external, baseUrl: `http://127.0.0.1:${rawPort}` },
    });

    // A cluster created with both services enabled: its founders' MemberAdded events are for the board.
    const created = await createClusterFromSpec(
      world.cdc,
      world.record,
      await bulletinCluster("Bulletin Cluster", [...SERVICES, "bulletin", "slow-echo", "raw-page"]),
    );
    clusterId = Number(created.clusterId);
    await index.indexer.syncToHead();
  });

  after(async function () {
    await dispatcher?.stop();
    await bulletin?.stop();
    await slow?.close();
    await new Promise((resolve) => (raw ? raw.close(resolve) : resolve(undefined)));
    await served?.close();
    await index?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists the registered service with its manifest, installed, and its tab in the manifest", async function () {
    const service = (await getJson(`${api}/api/services/bulletin`)).body as {
      installed: boolean;
      manifest: { external: { baseUrl: string }; pages: unknown[] };
    };
    expect(service.installed).to.equal(true);
    expect(service.manifest.external.baseUrl).to.equal(bulletin.url);
    expect(service.manifest.pages).to.deep.equal([{ kind: "cluster-tab", path: "bulletin", title: "Bulletin" }]);
  });

  it("delivers the founders' MemberAdded events as verified webhooks, in chain order, each applied once", async function () {
    await eventually(
      notices,
      (list) =>
        expect(list.map((n) => n.text).reverse()).to.deep.equal([
          "Welcome to the cluster, Alpha Works!",
          "Welcome to the cluster, Beta Institute!",
          "Welcome to the cluster, Gamma Logistics!",
        ]),
      20_000,
    );
    const deliveries = (await getJson(`${api}/api/services/bulletin/deliveries`, await authAs(cw.world.cdc.address))).body as {
      status: string;
      event: string;
      clusterId: number;
    }[];
    expect(deliveries.filter((d) => d.clusterId === clusterId).map((d) => [d.event, d.status])).to.deep.equal([
      ["Membership.MemberAdded", "delivered"],
      ["Membership.MemberAdded", "delivered"],
      ["Membership.MemberAdded", "delivered"],
    ]);
    // Only the clusters that enabled the service: the components world's clusters were never delivered.
    expect(deliveries.every((d) => d.clusterId === clusterId)).to.equal(true);

    // The list pages by cursor: one at a time, following each Link, it is the same list.
    const cdc = await authAs(cw.world.cdc.address);
    const ids = (deliveries as unknown as { id: string }[]).map((d) => d.id);
    const walked: string[] = [];
    for (let at: string | null = "/api/services/bulletin/deliveries?limit=1"; at !== null;) {
      const res: Response = await fetch(`${api}${at}`, cdc);
      walked.push(...((await res.json()) as { id: string }[]).map((d) => d.id));
      at = res.headers.get("link")?.match(/<([^>]+)>; rel="next"/)?.[1] ?? null;
    }
    expect(walked).to.deep.equal(ids);
    const oldest = (await getJson(`${api}/api/services/bulletin/deliveries?sort=position`, cdc)).body as { id: string }[];
    expect(oldest.map((d) => d.id)).to.deep.equal([...ids].reverse());
    const searched = (await getJson(`${api}/api/services/bulletin/deliveries?q=${ids[1]}`, cdc)).body as { id: string }[];
    expect(searched.map((d) => d.id)).to.deep.equal([ids[1]]);
    for (const bad of ["sort=event", "limit=0", "after=xyz", "status=lost"]) {
      expect((await getJson(`${api}/api/services/bulletin/deliveries?${bad}`, cdc)).status, bad).to.equal(400);
    }
  });

  it("forwards a member's call with its verified identity, and the service answers by it", async function () {
    const posted = await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/notices")}`, {
      method: "POST",
      ...(await authAs(cw.b.address)),
      body: JSON.stringify({ text: "Castings due Friday" }),
    });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(200);
    expect(posted.body).to.deep.include({ clusterId, author: cw.b.address.toLowerCase(), authorName: "Beta Institute", text: "Castings due Friday" });
    // An outsider reaches the service, which refuses by the identity the gateway vouched for.
    const outsider = await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/notices")}`, {
      method: "POST",
      ...(await authAs(cw.outsider.address)),
      body: JSON.stringify({ text: "spam" }),
    });
    expect(outsider.status).to.equal(403);
    expect((outsider.body as { error: { message: string } }).error.message).to.contain("is not a member");
    // The cluster set no settings of its own: the manifest's default length holds.
    const long = await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/notices")}`, {
      method: "POST",
      ...(await authAs(cw.b.address)),
      body: JSON.stringify({ text: "x".repeat(501) }),
    });
    expect(long.status).to.equal(400);
    expect((long.body as { error: { message: string } }).error.message).to.contain("1 to 500 characters");
    const view = (await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/view")}`, await authAs(cw.outsider.address))).body as {
      sections: { kind: string }[];
    };
    expect(view.sections.map((s) => s.kind)).to.deep.equal(["text", "table"]);
  });

  it("tells the service its settings in the caller's cluster: a passed vote changes what it enforces", async function () {
    const stored = await getJson(`${api}/api/clusters/${clusterId}/settings/bulletin`, {
      method: "POST",
      ...(await authAs(cw.a.address)),
      body: JSON.stringify({ maxNoticeLength: 20 }),
    });
    expect(stored.status, JSON.stringify(stored.body)).to.equal(200);
    const { world, a, b, c } = cw;
    const catalog = ServiceCatalog__factory.connect(world.record.contracts.ServiceCatalog.address, world.cdc);
    const governor = await governorOf(world, BigInt(clusterId), a);
    const p = await proposed(
      governor,
      governor.proposeServiceSettings(await catalog.serviceIdByName("bulletin"), (stored.body as { digest: string }).digest, "Short notices"),
    );
    for (const w of [a, b, c]) await send(governor.connect(w).castVote(p.proposalId, Vote.For));
    await increaseTime(world, Number(await governor.votingPeriod()) + 1);
    await execute(governor, p);
    await index.indexer.syncToHead();
    const post = async (text: string) =>
      getJson(`${api}${gatewayPath(clusterId, "bulletin", "/notices")}`, { method: "POST", ...(await authAs(cw.b.address)), body: JSON.stringify({ text }) });
    const refused = await post("A notice of thirty characters");
    expect(refused.status).to.equal(400);
    expect((refused.body as { error: { message: string } }).error.message).to.contain("1 to 20 characters");
    expect((await post("Twenty chars or less")).status).to.equal(200);
    const view = (await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/view")}`, await authAs(cw.b.address))).body as {
      sections: { kind: string; fields?: { maxLength?: number }[] }[];
    };
    expect(view.sections[0]!.fields![0]!.maxLength).to.equal(20);
  });

  it("refuses without a session, for a cluster that did not enable the service, and for a service that is not external", async function () {
    expect((await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/notices")}`)).status).to.equal(401);
    const disabled = await getJson(`${api}${gatewayPath(cw.plain.id, "bulletin", "/notices")}`, await authAs(cw.a.address));
    expect(disabled.status).to.equal(403);
    expect((disabled.body as { error: { message: string } }).error.message).to.equal(`Service bulletin is not enabled in cluster ${cw.plain.id}`);
    expect((await getJson(`${api}${gatewayPath(clusterId, "document-management", "/x")}`, await authAs(cw.a.address))).status).to.equal(404);
    expect((await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/..%2F..%2Fhealth")}`, await authAs(cw.a.address))).status).to.be.oneOf([400, 404]);
  });

  it("gives the service only tokens it can verify against the published JWKS: forged, expired or misdirected ones are refused", async function () {
    const jwks = (await getJson(`${api}${GATEWAY_JWKS_PATH}`)).body as { keys: { kid: string; kty: string; d?: string }[] };
    expect(jwks.keys).to.have.length(1);
    expect(jwks.keys[0]).to.include({ kid: keys.kid, kty: "EC" }).and.not.have.property("d");
    const claims = {
      sub: cw.a.address.toLowerCase(),
      cluster: clusterId,
      member: { name: "Alpha Works", role: "core" as const },
      cdc: false,
      cdo: false,
      sessionExpiresAt: Math.floor(Date.now() / 1000) + 3600,
      settings: {},
    };
    const direct = (token?: string) => getJson(`${bulletin.url}/notices`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const once = await issueGatewayToken(keys, served.url, "bulletin", claims);
    expect((await direct(once)).status).to.equal(200);
    const replayed = await direct(once);
    expect(replayed.status, "a token played again").to.equal(401);
    expect((replayed.body as { error: { message: string } }).error.message).to.contain("already used");
    expect((await direct()).status, "no token").to.equal(401);
    const expired = await issueGatewayToken(keys, served.url, "bulletin", claims, Math.floor(Date.now() / 1000) - 600);
    expect(((await direct(expired)).body as { error: { message: string } }).error.message).to.contain("expired");
    expect((await direct(await issueGatewayToken(keys, served.url, "slow-echo", claims))).status, "for another service").to.equal(401);
    expect((await direct(await issueGatewayToken(keys, "http://evil.example", "bulletin", claims))).status, "another issuer").to.equal(401);
    const forger = await generateKeyPair("ES256");
    const forged = await new SignJWT({ ...claims, sub: undefined })
      .setProtectedHeader({ alg: "ES256", kid: keys.kid })
      .setIssuer(new URL(served.url).origin)
      .setAudience("bulletin")
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime("1m")
      .setJti("forged-token-1")
      .sign(forger.privateKey);
    expect((await direct(forged)).status, "signed with another key under the platform's kid").to.equal(401);
  });

  it("publishes each service route once in its OpenAPI document, and answers a malformed path segment with 400", async function () {
    const doc = (await getJson(`${slowUrl}/openapi.json`)).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths).sort()).to.deep.equal(["/big", "/boom", "/echo/{word}", "/refuse", "/sleep"]);
    expect(Object.keys(doc.paths["/echo/{word}"]!)).to.deep.equal(["get"]);
    const claims = {
      sub: cw.a.address.toLowerCase(),
      cluster: clusterId,
      member: null,
      cdc: false,
      cdo: false,
      sessionExpiresAt: Math.floor(Date.now() / 1000) + 3600,
      settings: {},
    };
    const headers = { authorization: `Bearer ${await issueGatewayToken(keys, served.url, "slow-echo", claims)}` };
    expect((await getJson(`${slowUrl}/echo/caf%C3%A9`, { headers })).body).to.deep.equal({ word: "café" });
    const malformed = await getJson(`${slowUrl}/echo/%E0%A4%A`, { headers });
    expect(malformed.status).to.equal(400);
    expect((malformed.body as { error: { message: string } }).error.message).to.contain("not valid percent-encoding");
  });

  it("refuses a forged webhook at the receiver and applies nothing", async function () {
    const before = (await notices()).length;
    const body = JSON.stringify({
      id: "evt_0000000000000000_1",
      type: "Membership.MemberAdded",
      clusterId,
      blockNumber: 1,
      blockTime: 1,
      txHash: "0x",
      logIndex: 1,
      args: { name: "Mallory" },
    });
    const res = await fetch(`${bulletin.url}/webhooks`, {
      method: "POST",
      headers: { "webhook-id": "evt_0000000000000000_1", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "v1,AAAA" },
      body,
    });
    expect(res.status).to.equal(401);
    expect((await notices()).length).to.equal(before);
  });

  it("reaches no address beside the platform (loopback, private, link-local) unless the CDC allows its origin", async function () {
    const guarded = await serveWith((url) =>
      createApp({
        db: index.db,
        config: testConfig({ CLUSTER_PUBLIC_URL: url }),
        indexer: index.indexer,
        store,
        manifests: new ManifestLibrary(store),
        gatewayKeys: keys,
        log: () => {},
      }),
    );
    try {
      const refused = await getJson(`${guarded.url}${gatewayPath(clusterId, "bulletin", "/notices")}`, await authAs(cw.a.address));
      expect(refused.status).to.equal(502);
      expect((refused.body as { error: { message: string } }).error.message)
        .to.contain("127.0.0.1 (loopback)")
        .and.contain("CLUSTER_GATEWAY_PRIVATE_ORIGINS");
    } finally {
      await guarded.close();
    }
    const none = new EgressPolicy([]);
    const attempt = (url: string) =>
      egressRequest(none, new URL(url), { method: "POST", headers: {}, signal: AbortSignal.timeout(2000) }).then(
        () => "reached",
        (e: Error) => e.message,
      );
    // A name is checked by what it resolves to, a literal as written, an IPv4-mapped IPv6 as its IPv4.
    expect(await attempt(`${bulletin.url.replace("127.0.0.1", "localhost")}/webhooks`)).to.match(/resolves to (127\.0\.0\.1|::1) \(loopback\)/);
    expect(await attempt("http://169.254.169.254/latest/meta-data")).to.contain("(linkLocal)");
    expect(await attempt("http://10.1.2.3:8545/")).to.contain("(private)");
    expect(await attempt(`http://[::ffff:127.0.0.1]:${new URL(bulletin.url).port}/`)).to.contain("(loopback)");
    // An allowed origin is reached, and only that origin.
    const allowed = new EgressPolicy([bulletin.url]);
    const health = await egressRequest(allowed, new URL(`${bulletin.url}/health`), { method: "GET", headers: {}, signal: AbortSignal.timeout(2000) });
    expect(health.status).to.equal(200);
    for await (const chunk of health.body) void chunk;
    expect(allowed.mayBePrivate(new URL("http://127.0.0.1:1/"))).to.equal(false);
  });

  it("answers 502 and 504 for an upstream that fails, answers too much or too late, and passes its own refusals through", async function () {
    const call = async (path: string) => getJson(`${api}${gatewayPath(clusterId, "slow-echo", path)}`, await authAs(cw.a.address));
    const late = await call("/sleep");
    expect(late.status).to.equal(504);
    expect((late.body as { error: { message: string } }).error.message).to.equal("Service slow-echo did not answer within 700 ms");
    const big = await call("/big");
    expect(big.status).to.equal(502);
    expect((big.body as { error: { message: string } }).error.message).to.contain("answered more than 4096 bytes");
    const boom = await call("/boom");
    expect(boom.status).to.equal(502);
    expect((boom.body as { error: { message: string } }).error.message).to.match(/^Service slow-echo failed with 500/);
    expect((await call("/refuse")).status).to.equal(400);
    const tooLarge = await getJson(`${api}${gatewayPath(clusterId, "slow-echo", "/refuse")}`, {
      method: "POST",
      ...(await authAs(cw.a.address)),
      body: "x".repeat(5000),
    });
    expect(tooLarge.status).to.equal(413);
  });

  it("serves a service's answer sandboxed on the platform's origin: a page cannot run script there, and a redirect is not passed on", async function () {
    const call = async (path: string) => fetch(`${api}${gatewayPath(clusterId, "raw-page", path)}`, { ...(await authAs(cw.a.address)), redirect: "manual" });
    const page = await call("/page");
    expect(page.status).to.equal(200);
    expect(page.headers.get("content-type")).to.equal("text/html");
    expect(page.headers.get("content-security-policy")).to.equal("sandbox; default-src 'none'; frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).to.equal("nosniff");
    const redirect = await call("/elsewhere");
    expect(redirect.status).to.equal(302);
    expect(redirect.headers.get("location")).to.equal(null);
  });

  it("loses nothing while the service is down: deliveries wait, the gateway says 502, and the restarted service gets each event once", async function () {
    await bulletin.stop();
    const down = await getJson(`${api}${gatewayPath(clusterId, "bulletin", "/notices")}`, await authAs(cw.a.address));
    expect(down.status).to.equal(502);
    expect((down.body as { error: { message: string } }).error.message).to.match(
      /^Service bulletin could not be reached at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
    // A founder leaves the cluster while the service is down: an expulsion passed by vote would take a while, so a new cluster's founders stand in.
    const { world } = cw;
    // Founded by a and c only: two deliveries.
    const spec = await bulletinCluster("Bulletin Cluster Two", [...SERVICES, "bulletin"]);
    const second = await createClusterFromSpec(world.cdc, world.record, { ...spec, founders: spec.founders.filter((f) => f.account !== cw.b.address) });
    const secondId = Number(second.clusterId);
    await index.indexer.syncToHead();
    const pending = async () =>
      (
        (await getJson(`${api}/api/services/bulletin/deliveries`, await authAs(cw.world.cdc.address))).body as {
          id: string;
          clusterId: number;
          status: string;
          attempts: number;
          lastError: string | null;
        }[]
      ).filter((d) => d.clusterId === secondId);
    await eventually(pending, (list) => {
      expect(list).to.have.length(2);
      const [newer, older] = list; // newest first
      expect(list.every((d) => d.status === "pending")).to.equal(true);
      // In order: the older is being retried, the newer waits behind it untried.
      expect(older!.attempts).to.be.at.least(1);
      expect(older!.lastError).to.equal("ECONNREFUSED");
      expect(newer!.attempts).to.equal(0);
    });

    await startTheBoard();
    const secondNotices = async () =>
      (await getJson(`${api}${gatewayPath(secondId, "bulletin", "/notices")}`, await authAs(cw.a.address))).body as { text: string }[];
    await eventually(
      secondNotices,
      (list) => expect(list.map((n) => n.text).reverse()).to.deep.equal(["Welcome to the cluster, Alpha Works!", "Welcome to the cluster, Gamma Logistics!"]),
      20_000,
    );
    // What the first cluster's board held survived the restart.
    expect((await notices()).map((n) => n.text)).to.include("Castings due Friday");

    // The CDC replays a delivered webhook: the receiver takes it again and applies it once.
    const cdc = await authAs(cw.world.cdc.address);
    const delivered = ((await getJson(`${api}/api/services/bulletin/deliveries`, cdc)).body as { id: string; clusterId: number; status: string }[]).find(
      (d) => d.clusterId === secondId,
    )!;
    expect(delivered.status).to.equal("delivered");
    const replayed = await getJson(`${api}/api/services/bulletin/deliveries/${delivered.id}/replay`, { method: "POST", ...cdc });
    expect(replayed.status, JSON.stringify(replayed.body)).to.equal(200);
    expect(replayed.body).to.include({ status: "pending", attempts: 0 });
    await eventually(pending, (list) => {
      expect(list.every((d) => d.status === "delivered")).to.equal(true);
      expect(list.find((d) => d.id === delivered.id)!.attempts, "attempts start over on a replay").to.equal(1);
    });
    expect(await secondNotices()).to.have.length(2);
    // Only the CDC sees deliveries and secrets.
    expect((await getJson(`${api}/api/services/bulletin/deliveries`, await authAs(cw.a.address))).status).to.equal(403);
    expect((await getJson(`${api}/api/services/bulletin/webhook-secret`, await authAs(cw.a.address))).status).to.equal(403);
  });

  it("refuses a manifest that does not validate, naming the field, and stores nothing", async function () {
    const cdc = await authAs(cw.world.cdc.address);
    const bad = await getJson(`${api}/api/services/manifests`, {
      method: "POST",
      ...cdc,
      body: JSON.stringify({ ...bulletinManifest("ftp://nowhere"), version: "one" }),
    });
    expect(bad.status).to.equal(400);
    expect((bad.body as { error: { message: string } }).error.message)
      .to.contain("version: a semantic version")
      .and.contain("external.baseUrl");
    const member = await getJson(`${api}/api/services/manifests`, {
      method: "POST",
      ...(await authAs(cw.a.address)),
      body: JSON.stringify(bulletinManifest("http://127.0.0.1:1")),
    });
    expect(member.status).to.equal(403);
  });
});
