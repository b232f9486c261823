import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { hexlify, type HDNodeWallet } from "ethers";
import Hash from "ipfs-only-hash";
import { documentDetail, documentList, uploadResult, verification } from "../../backend/api/schemas/documents.js";
import { ConfigError, loadConfig } from "../../backend/config.js";
import { DOCUMENT_SIGNATURE_TYPES, signingDomain } from "../../backend/chain/typedData.js";
import { encryptForRecipients, generateKeyPair } from "../../backend/crypto/index.js";
import { parseCid } from "../../backend/storage/cid.js";
import {
  ClusterRegistry__factory,
  DocumentRegistry__factory,
  ServiceCatalog__factory,
  type IDocumentRegistry,
} from "../../types/typechain/index.js";
import { bearer, componentApi, componentWorld, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson } from "./support/server.js";
import { send } from "./support/world.js";

const STATUSES = ["none", "active", "revoked", "superseded"];

function sha256(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

function digestOf(cid: string): string {
  return hexlify(parseCid(cid).multihash.digest);
}

function expectError(res: { status: number; body: unknown }, status: number, code: string): string {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  const body = res.body as { error: { code: string; message: string } };
  expect(body.error.code).to.equal(code);
  expect(body.error.message).to.be.a("string").and.not.be.empty;
  return body.error.message;
}

describe("documents: anchors, signatures, versions and content", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;
  const plaintext = new TextEncoder().encode(`Supply contract ${randomBytes(8).toString("hex")}\n`);
  let plainCid: string;
  let first: bigint;

  async function upload(clusterId: number, body: Uint8Array, who?: HDNodeWallet) {
    return getJson(`${api}/clusters/${clusterId}/documents/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "x-filename": "file.bin", ...(who ? { authorization: await bearer(who.address) } : {}) },
      body: Buffer.from(body),
    });
  }

  async function anchor(
    documents: IDocumentRegistry,
    author: HDNodeWallet,
    cid: string,
    contentHash: string,
    opts: { previous?: bigint; signers?: string[]; recipients?: string[]; title?: string } = {},
  ): Promise<bigint> {
    const next = (await documents.documentCount()) + 1n;
    await send(
      documents
        .connect(author)
        .anchor(digestOf(cid), contentHash, 1, opts.title ?? "Supply contract", opts.previous ?? 0n, opts.signers ?? [], opts.recipients ?? []),
    );
    return next;
  }

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world, 4096);
    api = env.api;
    const { a, b, c, plain } = cw;

    const uploaded = await upload(plain.id, plaintext, a);
    expect(uploaded.status, JSON.stringify(uploaded.body)).to.equal(200);
    plainCid = uploadResult.parse(uploaded.body).cid;

    const documents = plain.documents;
    first = await anchor(documents, a, plainCid, sha256(plaintext), { signers: [b.address, c.address], recipients: [a.address, b.address] });
    const content = { documentId: first, cidDigest: digestOf(plainCid), contentHash: sha256(plaintext) };
    await send(documents.connect(b).sign(first, content.cidDigest, content.contentHash));
    // c signs off chain; a relays the EIP-712 signature.
    const domain = await signingDomain(DocumentRegistry__factory.connect(await documents.getAddress(), cw.world.cdc));
    const signature = await c.signTypedData(domain, DOCUMENT_SIGNATURE_TYPES, content);
    await send(documents.connect(a).signBySig(first, content.cidDigest, content.contentHash, c.address, signature));
    const second = await anchor(documents, a, plainCid, sha256(plaintext), { previous: first, signers: [b.address], title: "Supply contract v2" });
    expect(second).to.equal(first + 1n);
    const third = await anchor(documents, b, plainCid, sha256(randomBytes(4)), { title: "Withdrawn memo" });
    await send(documents.connect(b).revoke(third));
    await env.index.indexer.syncToHead();
  });
  after(async () => {
    await env?.close();
  });

  it("indexes every anchor with its CID, status and signers exactly as the registry reports them", async function () {
    const { plain } = cw;
    const list = documentList.parse((await getJson(`${api}/clusters/${plain.id}/documents`)).body);
    const count = Number(await plain.documents.documentCount());
    expect(list.map((d) => d.id)).to.deep.equal(Array.from({ length: count }, (_, i) => i + 1));
    for (const d of list) {
      const onChain = await plain.documents.document(d.id);
      expect(d.status).to.equal(STATUSES[Number(onChain.status)]);
      expect(d.author).to.equal(onChain.author.toLowerCase());
      expect(Date.parse(d.anchoredAt) / 1000).to.equal(Number(onChain.anchoredAt));
      for (const s of d.signers) {
        const status = Number(await plain.documents.signerStatus(d.id, s.address));
        expect(s.status).to.equal(status === 2 ? "signed" : "pending");
      }
    }
    const doc = list.find((d) => d.id === Number(first))!;
    expect(doc.cid).to.equal(plainCid);
    expect(doc.contentHash).to.equal(sha256(plaintext));
    expect(doc.fullySigned).to.equal(true);
    expect(doc.signers.map((s) => [s.address, s.status])).to.have.deep.members([
      [cw.b.address.toLowerCase(), "signed"],
      [cw.c.address.toLowerCase(), "signed"],
    ]);
    expect(doc.recipients).to.have.members([cw.a.address.toLowerCase(), cw.b.address.toLowerCase()]);
    expect(list.filter((d) => d.status === "revoked").map((d) => d.title)).to.deep.equal(["Withdrawn memo"]);
  });

  it("answers one document with its version chain, oldest first, and filters the list by status", async function () {
    const { plain } = cw;
    for (const id of [first, first + 1n]) {
      const detail = documentDetail.parse((await getJson(`${api}/clusters/${plain.id}/documents/${id}`)).body);
      expect(detail.versions.map((v) => [v.id, v.status])).to.deep.equal([
        [Number(first), "superseded"],
        [Number(first) + 1, "active"],
      ]);
    }
    const superseded = documentList.parse((await getJson(`${api}/clusters/${plain.id}/documents?status=superseded`)).body);
    expect(superseded.map((d) => d.supersededBy)).to.deep.equal([Number(first) + 1]);
  });

  it("answers 404 for an unknown document or cluster and 400 for a malformed id", async function () {
    expectError(await getJson(`${api}/clusters/${cw.plain.id}/documents/999999`), 404, "not_found");
    expectError(await getJson(`${api}/clusters/999999/documents`), 404, "not_found");
    expectError(await getJson(`${api}/clusters/${cw.plain.id}/documents/x1`), 400, "bad_request");
  });

  it("stores an upload under Kubo's CID and streams the same bytes back", async function () {
    expect(plainCid).to.equal(await Hash.of(plaintext));
    const res = await fetch(`${api}/content/${plainCid}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.equal("application/octet-stream");
    expect(new Uint8Array(await res.arrayBuffer())).to.deep.equal(plaintext);
  });

  it("refuses an upload without a session (401) and from a non-member (403)", async function () {
    expectError(await upload(cw.plain.id, plaintext), 401, "unauthorized");
    expectError(await upload(cw.plain.id, plaintext, cw.outsider), 403, "forbidden");
  });

  it("refuses plaintext in a cluster that requires encryption with 422, storing nothing", async function () {
    const secret = new TextEncoder().encode(`Confidential drawing ${randomBytes(8).toString("hex")}`);
    const message = expectError(await upload(cw.encrypted.id, secret, cw.a), 422, "unprocessable");
    expect(message).to.match(/requires encrypted documents/);
    expect(await env.store.has(await Hash.of(secret))).to.equal(false);
  });

  it("refuses an upload over the size limit with 413, storing nothing", async function () {
    const big = randomBytes(4097);
    expectError(await upload(cw.plain.id, big, cw.a), 413, "payload_too_large");
    expect(await env.store.has(await Hash.of(big))).to.equal(false);
  });

  it("cuts off a streamed upload (no Content-Length) once it passes the limit, with 413 and nothing stored", async function () {
    const parts = [randomBytes(2048), randomBytes(2048), randomBytes(2048)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const p of parts) controller.enqueue(p);
        controller.close();
      },
    });
    const res = await getJson(`${api}/clusters/${cw.plain.id}/documents/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", authorization: await bearer(cw.a.address) },
      body,
      duplex: "half",
    } as RequestInit);
    expectError(res, 413, "payload_too_large");
    expect(await env.store.has(await Hash.of(Buffer.concat(parts)))).to.equal(false);
  });

  it("serves an envelope only to its recipients and its anchor's author (401 without a session, 403 otherwise)", async function () {
    const { a, b, c, encrypted } = cw;
    const bKeys = generateKeyPair();
    const envelope = encryptForRecipients(new TextEncoder().encode("sealed terms"), [
      { id: b.address.toLowerCase(), publicKey: bKeys.publicKey },
    ]);
    const res = await upload(encrypted.id, envelope, a);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const { cid } = uploadResult.parse(res.body);
    await anchor(encrypted.documents, a, cid, sha256(new TextEncoder().encode("sealed terms")), { recipients: [b.address] });
    await env.index.indexer.syncToHead();

    expectError(await getJson(`${api}/content/${cid}`), 401, "unauthorized");
    expectError(await getJson(`${api}/content/${cid}`, { headers: { authorization: await bearer(c.address) } }), 403, "forbidden");
    for (const who of [b, a]) {
      const ok = await fetch(`${api}/content/${cid}`, { headers: { authorization: await bearer(who.address) } });
      expect(ok.status, who.address).to.equal(200);
      expect(new Uint8Array(await ok.arrayBuffer())).to.deep.equal(envelope);
    }
  });

  it("refuses uploads with 403 while document management is disabled in the cluster's configuration", async function () {
    const { world, plain } = cw;
    const registry = ClusterRegistry__factory.connect(world.record.contracts.ClusterRegistry.address, world.cdc);
    const catalog = ServiceCatalog__factory.connect(world.record.contracts.ServiceCatalog.address, world.cdc);
    const serviceId = await catalog.serviceIdByName("document-management");
    await send(registry.setServiceEnabled(plain.clusterId, serviceId, false));
    try {
      await env.index.indexer.syncToHead();
      const message = expectError(await upload(plain.id, randomBytes(64), cw.a), 403, "forbidden");
      expect(message).to.match(/disabled/);
    } finally {
      await send(registry.setServiceEnabled(plain.clusterId, serviceId, true));
      await env.index.indexer.syncToHead();
    }
    expect((await upload(plain.id, randomBytes(64), cw.a)).status).to.equal(200);
  });

  it("answers 404 for content the store does not hold and 400 for a malformed CID", async function () {
    expectError(await getJson(`${api}/content/${await Hash.of(randomBytes(16))}`), 404, "not_found");
    expectError(await getJson(`${api}/content/not-a-cid`), 400, "bad_request");
  });

  it("verifies a file: when and by whom it was anchored and who signed, or that it never was", async function () {
    const res = await getJson(`${api}/clusters/${cw.plain.id}/documents/verify`, { method: "POST", body: Buffer.from(plaintext) });
    const v = verification.parse(res.body);
    expect(v.sha256).to.equal(sha256(plaintext));
    expect(v.anchored).to.equal(true);
    expect(v.documents.map((d) => d.id)).to.deep.equal([Number(first), Number(first) + 1]);
    expect(v.documents[0].author).to.equal(cw.a.address.toLowerCase());
    expect(v.documents[0].signers.every((s) => s.status === "signed")).to.equal(true);
    const unknown = verification.parse(
      (await getJson(`${api}/clusters/${cw.plain.id}/documents/verify`, { method: "POST", body: randomBytes(32) })).body,
    );
    expect(unknown).to.include({ anchored: false });
    expect(unknown.documents).to.deep.equal([]);
  });
});

describe("documents: content store configuration", function () {
  it("defaults to the embedded store in data/ipfs with a 100 MiB upload limit", function () {
    const config = loadConfig({ CLUSTER_SESSION_SECRET: "x".repeat(32) });
    expect(config.contentStore).to.deep.equal({ kind: "embedded", dir: resolve("data/ipfs"), maxBytes: 104_857_600 });
  });

  it("takes a Kubo node's RPC URL and a size limit from the environment", function () {
    const config = loadConfig({
      CLUSTER_SESSION_SECRET: "x".repeat(32),
      CLUSTER_CONTENT_STORE: "kubo",
      CLUSTER_KUBO_URL: "http://127.0.0.1:5001",
      CLUSTER_MAX_UPLOAD_BYTES: "1024",
    });
    expect(config.contentStore).to.deep.equal({ kind: "kubo", url: "http://127.0.0.1:5001", maxBytes: 1024 });
  });

  it("refuses a Kubo store without its URL and an invalid size limit, naming the variable", function () {
    expect(() => loadConfig({ CLUSTER_SESSION_SECRET: "x".repeat(32), CLUSTER_CONTENT_STORE: "kubo" })).to.throw(ConfigError, /CLUSTER_KUBO_URL/);
    expect(() => loadConfig({ CLUSTER_SESSION_SECRET: "x".repeat(32), CLUSTER_MAX_UPLOAD_BYTES: "-1" })).to.throw(ConfigError, /CLUSTER_MAX_UPLOAD_BYTES/);
  });
});
