import { expect } from "chai";
import type { HDNodeWallet } from "ethers";
import { request } from "node:http";
import { SiweMessage } from "siwe";
import { createApp } from "../../backend/api/app.js";
import { directory, memberList } from "../../core/api/schemas/clusters.js";
import { me, session } from "../../core/api/schemas/auth.js";
import { issueNonce, outstandingNonces } from "../../backend/auth/nonces.js";
import { MAX_CLOCK_SKEW_SECONDS, verifySignIn } from "../../backend/auth/siwe.js";
import { fromRefusal } from "../../backend/api/errors.js";
import { Refusal } from "../../backend/query/refusal.js";
import { publicUrl } from "../../backend/config.js";
import type { TestIndex } from "./support/index.js";
import { getJson, serveWith, testConfig, type Served } from "./support/server.js";
import { usePlatformApi } from "./support/platformApi.js";
import type { PlatformWorld } from "./support/world.js";

interface SignInOptions {
  domain?: string;
  uri?: string;
  scheme?: string;
  issuedAt?: string;
  nonce?: string;
  chainId?: number;
  signer?: HDNodeWallet;
  expirationTime?: string;
}

describe("sign-in with Ethereum and member-only reads", function () {
  const platform = usePlatformApi();
  let world: PlatformWorld;
  let index: TestIndex;
  let served: Served;
  let api: string;
  before(() => {
    ({ world, index, served, api } = platform.current());
  });

  async function nonce(): Promise<string> {
    const res = await getJson(`${api}/auth/nonce`);
    expect(res.status).to.equal(200);
    return (res.body as { nonce: string }).nonce;
  }

  async function signedMessage(wallet: HDNodeWallet, opts: SignInOptions = {}) {
    const message = new SiweMessage({
      domain: opts.domain ?? served.host,
      scheme: opts.scheme,
      address: wallet.address,
      statement: "Sign in to the Cluster Platform",
      uri: opts.uri ?? served.url,
      version: "1",
      chainId: opts.chainId ?? 31337,
      nonce: opts.nonce ?? (await nonce()),
      issuedAt: opts.issuedAt ?? new Date().toISOString(),
      expirationTime: opts.expirationTime,
    }).prepareMessage();
    const signature = await (opts.signer ?? wallet).signMessage(message);
    return { message, signature };
  }

  function verify(body: { message: string; signature: string }, url = api) {
    return getJson(`${url}/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  async function signIn(wallet: HDNodeWallet): Promise<string> {
    const res = await verify(await signedMessage(wallet));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return session.parse(res.body).token;
  }

  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  function expectRefused(res: { status: number; body: unknown }, status: number, code: string, pattern?: RegExp) {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    const error = (res.body as { error: { code: string; message: string } }).error;
    expect(error.code).to.equal(code);
    if (pattern) expect(error.message).to.match(pattern);
  }

  it("signs in with a valid signed message and reports the roles read from the index", async function () {
    const res = await verify(await signedMessage(world.cdc));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const s = session.parse(res.body);
    expect(s.address).to.equal(world.cdc.address.toLowerCase());
    expect(s.roles.cdc).to.equal(true);
    expect(new Date(s.expiresAt).getTime()).to.be.greaterThan(Date.now());

    const mine = me.parse((await getJson(`${api}/me`, bearer(s.token))).body);
    expect(mine).to.deep.equal({ address: s.address, roles: s.roles });

    const cdo = me.parse((await getJson(`${api}/me`, bearer(await signIn(world.cdo)))).body);
    expect(cdo.roles).to.deep.equal({
      cdc: false,
      clusters: [{ clusterId: Number(world.demo.clusterId), clusterName: "Dnepr-Sozh Machine-Building Cluster", cdo: true, role: null, memberName: null }],
    });
  });

  it("refuses a nonce the server never issued", async function () {
    expectRefused(await verify(await signedMessage(world.member, { nonce: "NeverIssued123" })), 401, "unauthorized", /Unknown sign-in nonce/);
  });

  it("refuses a replayed sign-in: each nonce works once", async function () {
    const signed = await signedMessage(world.member);
    expect((await verify(signed)).status).to.equal(200);
    expectRefused(await verify(signed), 401, "unauthorized", /already used/);
  });

  it("refuses a nonce older than ten minutes", async function () {
    const stale = (await issueNonce(index.db, Math.floor(Date.now() / 1000) - 601)).nonce;
    expectRefused(await verify(await signedMessage(world.member, { nonce: stale })), 401, "unauthorized", /expired/);
  });

  it("refuses a message for another domain", async function () {
    expectRefused(
      await verify(await signedMessage(world.member, { domain: "evil.example" })),
      401,
      "unauthorized",
      /signs in to evil\.example, but this platform is 127\.0\.0\.1:\d+/,
    );
  });

  /** POSTs with a Host header of the caller's choosing (fetch may not set one). */
  function postWithHost(host: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const url = new URL(`${api}/auth/verify`);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { host, "content-type": "application/json" } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });
  }

  it("refuses a sign-in relayed by a phishing site that sends its own Host header", async function () {
    // evil.example fetched our nonce, had the victim sign in to evil.example, and relays it as evil.example.
    const relayed = await signedMessage(world.member, { domain: "evil.example", uri: "https://evil.example/login" });
    expectRefused(await postWithHost("evil.example", relayed), 401, "unauthorized", /signs in to evil\.example, but this platform is 127\.0\.0\.1:\d+/);
  });

  it("refuses a message for this domain whose URI is on another origin", async function () {
    for (const uri of ["https://evil.example/", `https://${served.host}/`, "http://127.0.0.1:1/"]) {
      expectRefused(await verify(await signedMessage(world.member, { uri })), 401, "unauthorized", /is not on this platform's origin/);
    }
  });

  it("refuses a message that names another scheme than the platform's", async function () {
    expectRefused(await verify(await signedMessage(world.member, { scheme: "https" })), 401, "unauthorized", /over https/);
  });

  it("accepts an issue time up to the clock-skew allowance ahead and refuses one a second beyond", async function () {
    const now = Math.floor(Date.now() / 1000);
    const expected = publicUrl(served.url, true);
    const attempt = async (ahead: number) => {
      const fresh = (await issueNonce(index.db, now)).nonce;
      const issuedAt = new Date((now + ahead) * 1000).toISOString();
      const signed = await signedMessage(world.member, { nonce: fresh, issuedAt });
      return verifySignIn(index.db, { ...signed, expected, chainId: 31337, now });
    };
    expect(await attempt(MAX_CLOCK_SKEW_SECONDS - 1)).to.equal(world.member.address.toLowerCase());
    expect(await attempt(MAX_CLOCK_SKEW_SECONDS)).to.equal(world.member.address.toLowerCase());
    const late = await attempt(MAX_CLOCK_SKEW_SECONDS + 1).catch((err: unknown) => err);
    // A refusal in the domain's words, which the API answers with 401.
    expect(late).to.be.instanceOf(Refusal);
    expect((late as Refusal).kind).to.equal("unauthenticated");
    expect(fromRefusal(late as Refusal).status).to.equal(401);
    expect((late as Refusal).message).to.match(/in the future/);
  });

  it("refuses a message issued in the future through the API", async function () {
    const issuedAt = new Date(Date.now() + 60_000).toISOString();
    expectRefused(await verify(await signedMessage(world.member, { issuedAt })), 401, "unauthorized", /in the future/);
  });

  it("refuses every sign-in while the platform knows no deployment (no chain to check against)", async function () {
    const waiting = await serveWith((url) =>
      createApp({
        db: index.db,
        config: testConfig({ CLUSTER_PUBLIC_URL: url }),
        indexer: { state: { ...index.indexer.state, record: null } },
        log: () => {},
      }),
    );
    try {
      const res = await verify(await signedMessage(world.member, { domain: waiting.host, uri: waiting.url }), `${waiting.url}/api`);
      expectRefused(res, 503, "service_unavailable", /has not found its deployment/);
    } finally {
      await waiting.close();
    }
  });

  describe("limits on sign-in requests", function () {
    async function limitedApp(env: NodeJS.ProcessEnv): Promise<Served> {
      return serveWith((url) => createApp({ db: index.db, config: testConfig({ ...env, CLUSTER_PUBLIC_URL: url }), indexer: index.indexer, log: () => {} }));
    }

    it("issues nonces up to the cap on outstanding ones, then answers 503 and adds none", async function () {
      const before = await outstandingNonces(index.db);
      const limited = await limitedApp({ CLUSTER_AUTH_MAX_NONCES: String(before + 3), CLUSTER_AUTH_RATE_LIMIT: "1000" });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await getJson(`${limited.url}/api/auth/nonce`)).status);
        expect(statuses).to.deep.equal([200, 200, 200]);
        expect(await outstandingNonces(index.db)).to.equal(before + 3);
        const refused = await getJson(`${limited.url}/api/auth/nonce`);
        expectRefused(refused, 503, "service_unavailable", /Too many sign-ins are in progress/);
        expect(await outstandingNonces(index.db)).to.equal(before + 3);
      } finally {
        await limited.close();
      }
    });

    it("frees a place under the cap once a nonce is used", async function () {
      const before = await outstandingNonces(index.db);
      const limited = await limitedApp({ CLUSTER_AUTH_MAX_NONCES: String(before + 1), CLUSTER_AUTH_RATE_LIMIT: "1000" });
      try {
        const first = (await getJson(`${limited.url}/api/auth/nonce`)).body as { nonce: string };
        expect((await getJson(`${limited.url}/api/auth/nonce`)).status).to.equal(503);
        const signed = await signedMessage(world.member, { nonce: first.nonce, domain: limited.host, uri: limited.url });
        expect((await verify(signed, `${limited.url}/api`)).status).to.equal(200);
        expect((await getJson(`${limited.url}/api/auth/nonce`)).status).to.equal(200);
      } finally {
        await limited.close();
      }
    });

    it("answers a client's requests beyond its rate with 429, a message and RateLimit headers", async function () {
      const limited = await limitedApp({ CLUSTER_AUTH_RATE_LIMIT: "5" });
      try {
        for (let i = 0; i < 5; i++) expect((await getJson(`${limited.url}/api/auth/nonce`)).status).to.equal(200);
        const res = await fetch(`${limited.url}/api/auth/nonce`);
        expect(res.status).to.equal(429);
        expect(res.headers.get("ratelimit-policy")).to.match(/"nonce"; q=5; w=60/);
        expect(res.headers.get("ratelimit")).to.match(/"nonce"; r=0; t=\d+/);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).to.equal("too_many_requests");
        expect(body.error.message).to.match(/at most 5 a minute/);

        const post = () => verify({ message: "not a message", signature: "0x00" }, `${limited.url}/api`);
        for (let i = 0; i < 5; i++) expect((await post()).status).to.equal(400);
        expectRefused(await post(), 429, "too_many_requests", /Too many sign-in requests/);
      } finally {
        await limited.close();
      }
    });

    it("counts clients by X-Forwarded-For only behind a configured proxy (CLUSTER_TRUST_PROXY)", async function () {
      const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
      const direct = await limitedApp({ CLUSTER_AUTH_RATE_LIMIT: "2" });
      const proxied = await limitedApp({ CLUSTER_AUTH_RATE_LIMIT: "2", CLUSTER_TRUST_PROXY: "1" });
      try {
        // Without a trusted proxy a forged header changes nothing: one socket peer, one budget.
        const directStatuses = [];
        for (const ip of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) directStatuses.push((await getJson(`${direct.url}/api/auth/nonce`, from(ip))).status);
        expect(directStatuses).to.deep.equal([200, 200, 429]);
        const proxiedStatuses = [];
        for (const ip of ["10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.2"])
          proxiedStatuses.push((await getJson(`${proxied.url}/api/auth/nonce`, from(ip))).status);
        expect(proxiedStatuses).to.deep.equal([200, 200, 429, 200]);
      } finally {
        await direct.close();
        await proxied.close();
      }
    });

    it("keeps the nonce table within its bound under a flood, and the flooder gets 429", async function () {
      this.timeout(60_000);
      const before = await outstandingNonces(index.db);
      const cap = before + 20;
      const limited = await limitedApp({ CLUSTER_AUTH_MAX_NONCES: String(cap), CLUSTER_AUTH_RATE_LIMIT: "50" });
      try {
        const statuses = await Promise.all(
          Array.from({ length: 300 }, () => fetch(`${limited.url}/api/auth/nonce`).then(async (r) => (await r.arrayBuffer(), r.status))),
        );
        const count = (status: number) => statuses.filter((s) => s === status).length;
        expect({ ok: count(200), full: count(503), limited: count(429) }).to.deep.equal({ ok: 20, full: 30, limited: 250 });
        expect(await outstandingNonces(index.db)).to.equal(cap);
      } finally {
        await limited.close();
      }
    });
  });

  it("refuses a message for another chain", async function () {
    expectRefused(await verify(await signedMessage(world.member, { chainId: 1 })), 401, "unauthorized", /chain 1/);
  });

  it("refuses a signature by someone other than the address in the message", async function () {
    expectRefused(await verify(await signedMessage(world.member, { signer: world.outsider })), 401, "unauthorized", /refused/);
  });

  it("refuses a message past its own expiration time", async function () {
    const expirationTime = new Date(Date.now() - 60_000).toISOString();
    expectRefused(await verify(await signedMessage(world.member, { expirationTime })), 401, "unauthorized", /refused/);
  });

  it("refuses an expired session token", async function () {
    this.timeout(20_000);
    // 4 s, not 1: the token must still be valid for the first check on a loaded CI machine.
    const shortLived = await serveWith((url) =>
      createApp({ db: index.db, config: testConfig({ CLUSTER_SESSION_TTL: "4", CLUSTER_PUBLIC_URL: url }), indexer: index.indexer, log: () => {} }),
    );
    try {
      const res = await verify(await signedMessage(world.member, { domain: shortLived.host, uri: shortLived.url }), `${shortLived.url}/api`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const { token } = session.parse(res.body);
      expect((await getJson(`${shortLived.url}/api/me`, bearer(token))).status).to.equal(200);
      await new Promise((r) => setTimeout(r, 5100));
      expectRefused(await getJson(`${shortLived.url}/api/me`, bearer(token)), 401, "unauthorized", /expired/);
    } finally {
      await shortLived.close();
    }
  });

  it("refuses a token signed with another secret or mangled", async function () {
    const other = await serveWith((url) =>
      createApp({
        db: index.db,
        config: testConfig({ CLUSTER_SESSION_SECRET: "another-secret-another-secret-12345", CLUSTER_PUBLIC_URL: url }),
        indexer: index.indexer,
        log: () => {},
      }),
    );
    try {
      const res = await verify(await signedMessage(world.member, { domain: other.host, uri: other.url }), `${other.url}/api`);
      const { token } = session.parse(res.body);
      expectRefused(await getJson(`${api}/me`, bearer(token)), 401, "unauthorized", /not valid/);
      expectRefused(await getJson(`${api}/me`, bearer(`${token}x`)), 401, "unauthorized");
      expectRefused(await getJson(`${api}/me`, { headers: { authorization: "Basic abc" } }), 401, "unauthorized");
    } finally {
      await other.close();
    }
  });

  describe("the member directory", function () {
    it("refuses a request without a token (401)", async function () {
      expectRefused(await getJson(`${api}/clusters/${world.demo.clusterId}/directory`), 401, "unauthorized", /Bearer/);
    });

    it("refuses a signed-in non-member, even the CDC (403)", async function () {
      for (const who of [world.outsider, world.cdc, world.cdo]) {
        expectRefused(
          await getJson(`${api}/clusters/${world.demo.clusterId}/directory`, bearer(await signIn(who))),
          403,
          "forbidden",
          /is not a member of cluster/,
        );
      }
    });

    it("answers 404 for an unknown cluster and 400 for a malformed id, signed in", async function () {
      const token = await signIn(world.member);
      expectRefused(await getJson(`${api}/clusters/424242/directory`, bearer(token)), 404, "not_found");
      expectRefused(await getJson(`${api}/clusters/x/directory`, bearer(token)), 400, "bad_request");
    });

    it("gives a member every member with its encryption key", async function () {
      const token = await signIn(world.member);
      const res = await getJson(`${api}/clusters/${world.demo.clusterId}/directory`, bearer(token));
      expect(res.status).to.equal(200);
      const entries = directory.parse(res.body);
      const publicList = memberList.parse((await getJson(`${api}/clusters/${world.demo.clusterId}/members`)).body);
      expect(entries.map((e) => e.address)).to.deep.equal(publicList.map((m) => m.address));
      expect(entries.find((e) => e.address === world.member.address.toLowerCase())!.encryptionKey).to.equal(`0x04${"ab".repeat(64)}`);
      expect(publicList[0]).not.to.have.property("encryptionKey");
    });
  });
});
