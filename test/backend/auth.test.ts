import { expect } from "chai";
import type { HDNodeWallet } from "ethers";
import { SiweMessage } from "siwe";
import { createApp } from "../../backend/api/app.js";
import { directory, memberList } from "../../backend/api/schemas/clusters.js";
import { me, session } from "../../backend/api/schemas/auth.js";
import { issueNonce } from "../../backend/auth/nonces.js";
import type { TestIndex } from "./support/index.js";
import { getJson, serve, testConfig, type Served } from "./support/server.js";
import { usePlatformApi } from "./support/platform-api.js";
import type { PlatformWorld } from "./support/world.js";

interface SignInOptions {
  domain?: string;
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
      address: wallet.address,
      statement: "Sign in to the Cluster Platform",
      uri: served.url,
      version: "1",
      chainId: opts.chainId ?? 31337,
      nonce: opts.nonce ?? (await nonce()),
      issuedAt: new Date().toISOString(),
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
    expect(cdo.roles).to.deep.equal({ cdc: false, clusters: [{ clusterId: Number(world.demo.clusterId), cdo: true, role: null }] });
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
    const stale = issueNonce(index.db, Math.floor(Date.now() / 1000) - 601).nonce;
    expectRefused(await verify(await signedMessage(world.member, { nonce: stale })), 401, "unauthorized", /expired/);
  });

  it("refuses a message for another domain", async function () {
    expectRefused(
      await verify(await signedMessage(world.member, { domain: "evil.example" })),
      401,
      "unauthorized",
      /signs in to evil\.example, but this server is 127\.0\.0\.1:\d+/,
    );
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
    const shortLived = await serve(
            // 4 s, not 1: the token must still be valid for the first check on a loaded CI machine.
      createApp({ db: index.db, config: testConfig({ CLUSTER_SESSION_TTL: "4" }), indexer: index.indexer, log: () => {} }),
    );
    try {
      const res = await verify(await signedMessage(world.member, { domain: shortLived.host }), `${shortLived.url}/api`);
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
    const other = await serve(
      createApp({
        db: index.db,
        config: testConfig({ CLUSTER_SESSION_SECRET: "another-secret-another-secret-12345" }),
        indexer: index.indexer,
        log: () => {},
      }),
    );
    try {
      const res = await verify(await signedMessage(world.member, { domain: other.host }), `${other.url}/api`);
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
