import { expect } from "chai";
import { cidDigest } from "../../core/content/cidDigest.js";
import { createHash, randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { hexlify, type HDNodeWallet } from "ethers";
import Hash from "ipfs-only-hash";
import { documentDetail, documentList, uploadResult, verification } from "../../core/api/schemas/documents.js";
import { ConfigError, loadConfig } from "../../backend/config.js";
import { DOCUMENT_SIGNATURE_TYPES, signingDomain } from "../../core/chain/typedData.js";
import { encryptForRecipients, generateKeyPair } from "../../core/crypto/index.js";
import { DocumentRegistry__factory, type IDocumentRegistry } from "../../types/typechain/index.js";
import { bearer, componentApi, componentWorld, serviceByVote, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson } from "./support/server.js";
import { send } from "./support/world.js";

const STATUSES = ["none", "active", "revoked", "superseded"];

function sha256(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

function digestOf(cid: string): string {
  return cidDigest(cid);
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

  /** A GET as `who` (a unless said): documents are for the cluster's members, each one for its author, named signers and recipients. */
  async function read(url: string, who: HDNodeWallet = cw.a) {
    return getJson(url, { headers: { authorization: await bearer(who.address) } });
  }

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

  async function download(cid: string, who?: HDNodeWallet) {
    return getJson(`${api}/content/${cid}`, who ? { headers: { authorization: await bearer(who.address) } } : {});
  }

  async function verify(clusterId: number, file: Uint8Array, salt?: string) {
    return getJson(`${api}/clusters/${clusterId}/documents/verify`, {
      method: "POST",
      headers: salt === undefined ? {} : { "x-content-salt": salt },
      body: Buffer.from(file),
    });
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
    // Every member lists what it may see: together, every document of the cluster.
    const lists = await Promise.all([cw.a, cw.b, cw.c].map(async (who) => documentList.parse((await read(`${api}/clusters/${plain.id}/documents`, who)).body)));
    const list = [...new Map(lists.flat().map((d) => [d.id, d])).values()].sort((x, y) => x.id - y.id);
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
      const detail = documentDetail.parse((await read(`${api}/clusters/${plain.id}/documents/${id}`)).body);
      expect(detail.versions.map((v) => [v.id, v.status])).to.deep.equal([
        [Number(first), "superseded"],
        [Number(first) + 1, "active"],
      ]);
    }
    const superseded = documentList.parse((await read(`${api}/clusters/${plain.id}/documents?status=superseded`)).body);
    expect(superseded.map((d) => d.supersededBy)).to.deep.equal([Number(first) + 1]);
  });

  it("answers 404 for an unknown document or cluster and 400 for a malformed id", async function () {
    expectError(await read(`${api}/clusters/${cw.plain.id}/documents/999999`), 404, "not_found");
    expectError(await read(`${api}/clusters/999999/documents`), 404, "not_found");
    expectError(await read(`${api}/clusters/${cw.plain.id}/documents/x1`), 400, "bad_request");
  });

  it("stores an upload under Kubo's CID and streams the same bytes back", async function () {
    expect(plainCid).to.equal(await Hash.of(plaintext));
    const res = await fetch(`${api}/content/${plainCid}`, { headers: { authorization: await bearer(cw.a.address) } });
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

  it("serves an envelope only to its recipients and to its uploader (401 without a session, 403 otherwise)", async function () {
    const { a, b, c, encrypted } = cw;
    const sealed = encryptForRecipients(new TextEncoder().encode("sealed terms"), [{ id: b.address.toLowerCase(), publicKey: generateKeyPair().publicKey }]);
    const res = await upload(encrypted.id, sealed.envelope, a);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const { cid } = uploadResult.parse(res.body);
    await anchor(encrypted.documents, a, cid, hexlify(sealed.commitment), { recipients: [b.address] });
    await env.index.indexer.syncToHead();

    expectError(await download(cid), 401, "unauthorized");
    expectError(await download(cid, c), 403, "forbidden");
    for (const who of [b, a]) {
      const ok = await fetch(`${api}/content/${cid}`, { headers: { authorization: await bearer(who.address) } });
      expect(ok.status, who.address).to.equal(200);
      expect(new Uint8Array(await ok.arrayBuffer())).to.deep.equal(sealed.envelope);
    }
  });

  it("refuses an envelope to a non-recipient who anchors its CID himself, in its cluster or another (anchoring grants nothing)", async function () {
    const { a, b, c, plain, encrypted } = cw;
    const sealed = encryptForRecipients(new TextEncoder().encode(`Board minutes ${randomBytes(4).toString("hex")}`), [
      { id: b.address.toLowerCase(), publicKey: generateKeyPair().publicKey },
    ]);
    const res = await upload(encrypted.id, sealed.envelope, a);
    const { cid } = uploadResult.parse(res.body);
    await anchor(encrypted.documents, a, cid, hexlify(sealed.commitment), { recipients: [b.address] });
    // c, a member of both clusters but no recipient, anchors the victim's CID digest as its own document.
    await anchor(encrypted.documents, c, cid, hexlify(randomBytes(32)), { title: "Mine now" });
    await anchor(plain.documents, c, cid, hexlify(randomBytes(32)), { title: "Mine now" });
    await env.index.indexer.syncToHead();
    const message = expectError(await download(cid, c), 403, "forbidden");
    expect(message).to.equal(`${c.address.toLowerCase()} is not a recipient of the encrypted content ${cid}`);
    expectError(await getJson(`${api}/content/${cid}`, { headers: { authorization: await bearer(c.address), range: "bytes=0-99" } }), 403, "forbidden");
  });

  it("serves plaintext only with a session, to its uploader and to current members of the cluster it was uploaded to", async function () {
    const { a, b, outsider, plain } = cw;
    const memo = new TextEncoder().encode(`Internal memo ${randomBytes(8).toString("hex")}`);
    const { cid } = uploadResult.parse((await upload(plain.id, memo, a)).body);
    const message = expectError(await download(cid), 401, "unauthorized");
    expect(message).to.match(/^Sign in first/);
    expectError(await download(cid, outsider), 403, "forbidden");
    for (const who of [a, b]) {
      const res = await fetch(`${api}/content/${cid}`, { headers: { authorization: await bearer(who.address) } });
      expect(res.status, who.address).to.equal(200);
      expect(new Uint8Array(await res.arrayBuffer())).to.deep.equal(memo);
    }
  });

  it("refuses content that was never uploaded through the API to everyone, even when it is anchored", async function () {
    const { a, plain } = cw;
    const stray = new TextEncoder().encode(`Put in the store directly ${randomBytes(8).toString("hex")}`);
    const { cid } = await env.store.add(stray);
    await anchor(plain.documents, a, cid, sha256(stray));
    await env.index.indexer.syncToHead();
    expectError(await download(cid, a), 403, "forbidden");
  });

  describe("the envelope structure, checked whole before anything is stored", function () {
    /** A syntactically valid envelope for `b`, whose parts a test may take apart. */
    function sealedFor(plain: Uint8Array) {
      return encryptForRecipients(plain, [{ id: cw.b.address.toLowerCase(), publicKey: generateKeyPair().publicKey }]).envelope;
    }

    /** The prefix and header of an envelope around `header` (JSON), followed by `body`. */
    function framed(header: unknown, body: Uint8Array, version = 2): Uint8Array {
      const json = Buffer.from(typeof header === "string" ? header : JSON.stringify(header));
      const prefix = Buffer.alloc(9);
      prefix.write("CPDE", 0, "latin1");
      prefix[4] = version;
      prefix.writeUInt32BE(json.length, 5);
      return Buffer.concat([prefix, json, body]);
    }

    function headerOf(envelope: Uint8Array): { json: Record<string, unknown>; end: number } {
      const length = Buffer.from(envelope).readUInt32BE(5);
      return { json: JSON.parse(Buffer.from(envelope.subarray(9, 9 + length)).toString("utf8")), end: 9 + length };
    }

    async function refused(clusterId: number, bytes: Uint8Array, reason: RegExp | string): Promise<void> {
      const message = expectError(await upload(clusterId, bytes, cw.a), 422, "unprocessable");
      if (typeof reason === "string") expect(message).to.equal(`Not a valid encrypted document: ${reason}; nothing was stored`);
      else expect(message).to.match(reason);
      expect(await env.store.has(await Hash.of(bytes))).to.equal(false);
    }

    it("refuses the envelope marker followed by a junk header and plaintext, in either cluster (422, nothing stored)", async function () {
      const secret = new TextEncoder().encode(`Confidential drawing ${randomBytes(8).toString("hex")}`);
      const junk = Buffer.concat([Buffer.from("CPDE"), Buffer.from([2, 0, 0, 0, 4]), Buffer.from("junk"), secret]);
      for (const cluster of [cw.encrypted, cw.plain]) await refused(cluster.id, junk, "its header is not valid JSON");
      await refused(cw.encrypted.id, Buffer.from("CPDE"), "it is truncated");
      // A header announced longer than what follows it.
      await refused(cw.encrypted.id, framed('{"cipher":"x"}', secret).subarray(0, 12), "it is truncated");
    });

    it("refuses format version 1 and unknown versions with the reason", async function () {
      const envelope = sealedFor(new Uint8Array(64));
      const { json, end } = headerOf(envelope);
      await refused(cw.encrypted.id, framed(json, envelope.subarray(end), 1), /format version 1 is no longer read/);
      await refused(cw.encrypted.id, framed(json, envelope.subarray(end), 3), "format version 3 is not supported (this code reads version 2)");
    });

    it("refuses a header with another cipher, no recipients, a recipient that is not an address, or a malformed key", async function () {
      const envelope = sealedFor(new Uint8Array(64));
      const { json, end } = headerOf(envelope);
      const body = envelope.subarray(end);
      const entry = (json.recipients as Record<string, string>[])[0];
      await refused(cw.encrypted.id, framed({ ...json, cipher: "aes-128-ecb" }, body), 'content cipher "aes-128-ecb" is not supported');
      await refused(cw.encrypted.id, framed({ ...json, recipients: [] }, body), "it lists no recipients");
      await refused(
        cw.encrypted.id,
        framed({ ...json, recipients: [{ ...entry, id: "Beta Institute" }] }, body),
        /recipient 0's id "Beta Institute" is not an address/,
      );
      await refused(
        cw.encrypted.id,
        framed({ ...json, recipients: [{ ...entry, id: entry.id.toUpperCase().replace("0X", "0x") }] }, body),
        /is not an address \(lowercase 0x hex\)/,
      );
      await refused(
        cw.encrypted.id,
        framed({ ...json, recipients: [{ ...entry, wrappedKey: "00" }] }, body),
        "its recipient 0 wrapped key is not 48 bytes of hex",
      );
    });

    it("accepts a body of exactly the sealed salt and the tag, and refuses one byte less", async function () {
      const empty = sealedFor(new Uint8Array(0));
      const { end } = headerOf(empty);
      expect(empty.length - end).to.equal(48);
      await refused(
        cw.encrypted.id,
        empty.subarray(0, empty.length - 1),
        "its body has 47 bytes, fewer than the 48 of the sealed salt and the authentication tag",
      );
      expect((await upload(cw.encrypted.id, empty, cw.a)).status).to.equal(200);
    });
  });

  describe("a salted commitment to confidential content", function () {
    const secret = new TextEncoder().encode(`Tender price: ${randomBytes(3).readUIntBE(0, 3)} per tonne\n`);
    let salt: string;
    let id: number;

    before(async function () {
      const { a, b, encrypted } = cw;
      const sealed = encryptForRecipients(secret, [{ id: b.address.toLowerCase(), publicKey: generateKeyPair().publicKey }]);
      salt = hexlify(sealed.salt);
      const { cid } = uploadResult.parse((await upload(encrypted.id, sealed.envelope, a)).body);
      id = Number(await anchor(encrypted.documents, a, cid, hexlify(sealed.commitment), { recipients: [b.address], title: "Tender" }));
      await env.index.indexer.syncToHead();
    });

    it("does not confirm a correct guess of a confidential document's plaintext", async function () {
      const v = verification.parse((await verify(cw.encrypted.id, secret)).body);
      expect(v).to.include({ sha256: sha256(secret), salted: false, anchored: false });
      expect(v.documents).to.deep.equal([]);
    });

    it("confirms a confidential copy given the salt from its envelope, and nothing with another salt", async function () {
      const v = verification.parse((await verify(cw.encrypted.id, secret, salt)).body);
      expect(v).to.include({ salted: true, anchored: true });
      expect(v.documents.map((d) => d.id)).to.deep.equal([id]);
      expect(v.contentHash).to.equal(v.documents[0].contentHash);
      const other = verification.parse((await verify(cw.encrypted.id, secret, hexlify(randomBytes(32)))).body);
      expect(other).to.include({ anchored: false });
    });

    it("matches a plain file against public documents only, even if a confidential one was anchored with its plain hash", async function () {
      const { a, b, encrypted } = cw;
      const careless = new TextEncoder().encode(`Anchored with the plain hash ${randomBytes(4).toString("hex")}`);
      const { envelope } = encryptForRecipients(careless, [{ id: b.address.toLowerCase(), publicKey: generateKeyPair().publicKey }]);
      const { cid } = uploadResult.parse((await upload(encrypted.id, envelope, a)).body);
      await anchor(encrypted.documents, a, cid, sha256(careless), { recipients: [b.address] });
      await env.index.indexer.syncToHead();
      expect(verification.parse((await verify(encrypted.id, careless)).body)).to.include({ anchored: false });
    });

    it("refuses a malformed salt with 400", async function () {
      for (const bad of ["0x1234", "zz".repeat(32), `0x${"g".repeat(64)}`]) {
        expectError(await verify(cw.encrypted.id, secret, bad), 400, "bad_request");
      }
    });
  });

  it("refuses uploads with 403 while document management is disabled in the cluster's configuration", async function () {
    const { plain } = cw;
    await serviceByVote(cw, env, plain, "document-management", false);
    try {
      const message = expectError(await upload(plain.id, randomBytes(64), cw.a), 403, "forbidden");
      expect(message).to.equal(`Service document-management is not enabled in cluster ${plain.id}`);
    } finally {
      await serviceByVote(cw, env, plain, "document-management", true);
    }
    expect((await upload(plain.id, randomBytes(64), cw.a)).status).to.equal(200);
  });

  it("answers 404 for content the store does not hold and 400 for a malformed CID", async function () {
    expectError(await download(await Hash.of(randomBytes(16)), cw.a), 404, "not_found");
    expectError(await download("not-a-cid", cw.a), 400, "bad_request");
  });

  it("verifies a file: when and by whom it was anchored and who signed, or that it never was", async function () {
    const v = verification.parse((await verify(cw.plain.id, plaintext)).body);
    expect(v.sha256).to.equal(sha256(plaintext));
    expect(v.anchored).to.equal(true);
    expect(v.documents.map((d) => d.id)).to.deep.equal([Number(first), Number(first) + 1]);
    expect(v.documents[0].author).to.equal(cw.a.address.toLowerCase());
    expect(v.documents[0].signers.every((s) => s.status === "signed")).to.equal(true);
    const unknown = verification.parse((await getJson(`${api}/clusters/${cw.plain.id}/documents/verify`, { method: "POST", body: randomBytes(32) })).body);
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
