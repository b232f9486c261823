import { expect } from "chai";
import { cidDigest } from "../../core/content/cidDigest.js";
import { createHash, randomBytes } from "node:crypto";
import { id as keccakText, type HDNodeWallet } from "ethers";
import type { Access } from "../../backend/api/access.js";
import { ROUTES } from "../../backend/api/app.js";
import type { RouteDef } from "../../backend/api/route.js";
import { agreementList } from "../../core/api/schemas/agreements.js";
import { obligations } from "../../core/api/schemas/clearing.js";
import { documentList } from "../../core/api/schemas/documents.js";
import { bearer, componentApi, componentWorld, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson } from "./support/server.js";
import { send } from "./support/world.js";

type Role = "anonymous" | "outsider" | "otherMember" | "member" | "cdc";

/** The status class each access gives each role: "ok" means neither 401 nor 403 (the route's own answer). */
const EXPECTED: Record<Access, Record<Role, number | "ok">> = {
  public: { anonymous: "ok", outsider: "ok", otherMember: "ok", member: "ok", cdc: "ok" },
  signedIn: { anonymous: 401, outsider: "ok", otherMember: "ok", member: "ok", cdc: "ok" },
  member: { anonymous: 401, outsider: 403, otherMember: 403, member: "ok", cdc: 403 },
  memberOrCdc: { anonymous: 401, outsider: 403, otherMember: 403, member: "ok", cdc: "ok" },
  cdc: { anonymous: 401, outsider: 403, otherMember: 403, member: 403, cdc: "ok" },
};

/** Routes whose own rules refine a role beyond its access (the feed is for members of some cluster and the CDC). */
const REFINED: Partial<Record<string, Partial<Record<Role, number>>>> = {
  "/api/feed": { outsider: 403 },
  "/api/content/:cid": { outsider: 403, otherMember: 403, cdc: 403 },
};

describe("read model: who may read each route, and which rows", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;
  let cid: string;
  let shared: bigint;
  let forAandB: bigint;
  let supply: bigint;

  async function call(route: RouteDef, who: HDNodeWallet | undefined, url: string): Promise<number> {
    const headers: Record<string, string> = who ? { authorization: await bearer(who.address) } : {};
    const controller = new AbortController();
    const init: RequestInit = { method: route.method.toUpperCase(), headers, signal: controller.signal };
    if (route.method === "post") {
      init.body = route.rawBody ? new Uint8Array([1, 2, 3]) : "{}";
      headers["content-type"] = route.rawBody ? "application/octet-stream" : "application/json";
    }
    const res = await fetch(url, init);
    controller.abort(); // the feed streams for ever
    return res.status;
  }

  function urlOf(route: RouteDef): string {
    const values: Record<string, string> = {
      id: String(cw.plain.id),
      docId: String(forAandB),
      agreementId: String(supply),
      cycle: "1",
      proposalId: "1",
      cid,
      service: "corporate-clearing",
      deliveryId: "evt_0_0",
    };
    return `${env.served.url}${route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => values[name]!)}`;
  }

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world);
    api = env.api;
    const { a, b, plain } = cw;
    // Plaintext uploaded by a to the plain cluster: served to its members only (the content route's own rule).
    const upload = await getJson(`${api}/clusters/${plain.id}/documents/upload`, {
      method: "POST",
      headers: { authorization: await bearer(a.address), "content-type": "application/octet-stream" },
      body: randomBytes(16),
    });
    cid = (upload.body as { cid: string }).cid;
    const digest = cidDigest(cid);
    const hash = `0x${createHash("sha256").update(randomBytes(8)).digest("hex")}`;
    // a's document for b only, and b's document with no recipients (every member's).
    forAandB = (await plain.documents.documentCount()) + 1n;
    await send(plain.documents.connect(a).anchor(digest, hash, 1, "For b only", 0n, [], [b.address]));
    shared = forAandB + 1n;
    await send(plain.documents.connect(b).anchor(digest, hash, 1, "For every member", 0n, [], []));
    // An agreement between a and b, a milestone accepted: an obligation from b to a.
    const due = BigInt(Math.floor(Date.now() / 1000) + 30 * 86_400);
    const label = `read model ${Date.now()}`;
    const terms = {
      termsCid: keccakText(`cid:${label}`),
      termsHash: keccakText(`plain:${label}`),
      totalValue: 100n,
      milestones: [{ deliverer: a.address, payer: b.address, amount: 100n, dueDate: due }],
    };
    supply = (await plain.agreements.agreementCount()) + 1n;
    await send(plain.agreements.connect(a).create(0, [a.address, b.address], terms));
    await send(plain.agreements.connect(a).sign(supply, 1));
    await send(plain.agreements.connect(b).sign(supply, 1));
    await send(plain.agreements.connect(a).markDelivered(supply, 0));
    await send(plain.agreements.connect(b).acceptMilestone(supply, 0));
    await env.index.indexer.syncToHead();
  });
  after(async () => {
    await env?.close();
  });

  it("declares an access for every route", function () {
    for (const route of ROUTES) expect(["public", "signedIn", "member", "memberOrCdc", "cdc"], route.path).to.include(route.access);
  });

  it("answers each route to each role as its access declares (401 anonymous, 403 outside the audience)", async function () {
    const roles: Record<Role, HDNodeWallet | undefined> = {
      anonymous: undefined,
      outsider: cw.outsider,
      otherMember: cw.world.member,
      member: cw.a,
      cdc: cw.world.cdc,
    };
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const route of ROUTES) {
      for (const [role, who] of Object.entries(roles) as [Role, HDNodeWallet | undefined][]) {
        const expected = REFINED[route.path]?.[role] ?? EXPECTED[route.access][role];
        const status = await call(route, who, urlOf(route));
        const label = `${route.method.toUpperCase()} ${route.path} as ${role}`;
        seen.push(`${label}: ${expected === "ok" ? (status === 401 || status === 403 ? status : "ok") : status}`);
        wanted.push(`${label}: ${expected}`);
      }
    }
    expect(seen).to.deep.equal(wanted);
  });

  it("answers 404 for an unknown cluster to a signed-in caller of a member route", async function () {
    const res = await getJson(`${api}/clusters/999999/documents`, { headers: { authorization: await bearer(cw.a.address) } });
    expect(res.status).to.equal(404);
  });

  it("lists a document to its author, its recipients, and every member only when it has no recipients", async function () {
    const titles = async (who: HDNodeWallet) => {
      const res = await getJson(`${api}/clusters/${cw.plain.id}/documents`, { headers: { authorization: await bearer(who.address) } });
      return documentList.parse(res.body).map((d) => d.id);
    };
    expect(await titles(cw.a)).to.include.members([Number(forAandB), Number(shared)]);
    expect(await titles(cw.b)).to.include.members([Number(forAandB), Number(shared)]);
    const forC = await titles(cw.c);
    expect(forC).to.include(Number(shared));
    expect(forC).not.to.include(Number(forAandB));
  });

  it("refuses a document's detail to a member it is not shared with (403) and answers its recipient", async function () {
    const url = `${api}/clusters/${cw.plain.id}/documents/${forAandB}`;
    const refused = await getJson(url, { headers: { authorization: await bearer(cw.c.address) } });
    expect(refused.status).to.equal(403);
    expect((refused.body as { error: { message: string } }).error.message).to.match(/not shared with you/);
    expect((await getJson(url, { headers: { authorization: await bearer(cw.b.address) } })).status).to.equal(200);
  });

  it("lists an agreement to its parties only and refuses its detail to a non-party (403)", async function () {
    const list = async (who: HDNodeWallet) =>
      agreementList
        .parse((await getJson(`${api}/clusters/${cw.plain.id}/agreements`, { headers: { authorization: await bearer(who.address) } })).body)
        .map((x) => x.id);
    expect(await list(cw.a)).to.include(Number(supply));
    expect(await list(cw.c)).not.to.include(Number(supply));
    const detail = `${api}/clusters/${cw.plain.id}/agreements/${supply}`;
    expect((await getJson(detail, { headers: { authorization: await bearer(cw.c.address) } })).status).to.equal(403);
    expect((await getJson(detail, { headers: { authorization: await bearer(cw.b.address) } })).status).to.equal(200);
  });

  it("answers a member only its own obligations, and 403 for a query naming someone else", async function () {
    const read = async (who: HDNodeWallet, query = "") =>
      getJson(`${api}/clusters/${cw.plain.id}/obligations${query}`, { headers: { authorization: await bearer(who.address) } });
    const paymentsOf = async (who: HDNodeWallet) => obligations.parse((await read(who, "?show=payments&limit=500")).body);
    expect((await paymentsOf(cw.a)).some((p) => p.kind === "payment" && p.agreementId === Number(supply))).to.equal(true);
    const c = cw.c.address.toLowerCase();
    for (const shown of ["clearing", "payments"]) {
      const forC = obligations.parse((await read(cw.c, `?show=${shown}&limit=500`)).body);
      for (const o of forC) expect(o.kind === "payment" ? [o.payer, o.payee] : [o.debtor, o.creditor]).to.include(c);
    }
    expect((await paymentsOf(cw.c)).some((p) => p.kind === "payment" && p.agreementId === Number(supply))).to.equal(false);
    expect((await read(cw.c, `?member=${cw.a.address}`)).status).to.equal(403);
    expect((await read(cw.a, `?member=${cw.a.address}`)).status).to.equal(200);
  });
});
