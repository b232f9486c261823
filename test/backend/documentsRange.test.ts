import { expect } from "chai";
import { cidDigest } from "../../core/content/cidDigest.js";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { hexlify, type HDNodeWallet } from "ethers";
import { uploadResult } from "../../core/api/schemas/documents.js";
import { encryptForRecipients, generateKeyPair } from "../../core/crypto/index.js";
import { KUBO_CHUNK_SIZE } from "../../backend/storage/index.js";
import { bearer, componentApi, componentWorld, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson } from "./support/server.js";
import { send } from "./support/world.js";
import { blockFile, deterministicBytes, KiB, leafCid } from "./storage/fixtures.js";

/** A file of three and a half 256 KiB leaves, so ranges cross block boundaries. */
const SIZE = 3 * KUBO_CHUNK_SIZE + 100 * KiB;

describe("documents: byte-range downloads", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;
  let file: Uint8Array;
  let cid: string;
  /** The bearer token of the uploader (account a), who may fetch its plaintext. */
  let uploader: string;

  async function upload(clusterId: number, body: Uint8Array, who: HDNodeWallet): Promise<string> {
    const res = await getJson(`${api}/clusters/${clusterId}/documents/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", authorization: await bearer(who.address) },
      body: Buffer.from(body),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return uploadResult.parse(res.body).cid;
  }

  function ranged(range: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${api}/content/${cid}`, { headers: { range, authorization: uploader, ...headers } });
  }

  async function expectSlice(res: Response, first: number, last: number, whole: Uint8Array = file): Promise<void> {
    expect(res.status).to.equal(206);
    expect(res.headers.get("content-range")).to.equal(`bytes ${first}-${last}/${whole.length}`);
    expect(res.headers.get("content-length")).to.equal(String(last - first + 1));
    expect(res.headers.get("accept-ranges")).to.equal("bytes");
    expect(Buffer.from(await res.arrayBuffer()).equals(whole.subarray(first, last + 1))).to.equal(true);
  }

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world, 4 * 1024 * 1024);
    api = env.api;
    file = Buffer.concat([deterministicBytes(SIZE - 16, 41), randomBytes(16)]);
    cid = await upload(cw.plain.id, file, cw.a);
    uploader = await bearer(cw.a.address);
  });
  after(async () => {
    await env?.close();
  });

  it("announces byte ranges on a whole download", async function () {
    const res = await fetch(`${api}/content/${cid}`, { headers: { authorization: uploader } });
    expect(res.status).to.equal(200);
    expect(res.headers.get("accept-ranges")).to.equal("bytes");
    expect(res.headers.get("etag")).to.equal(`"${cid}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).to.equal(true);
  });

  it("answers bytes=a-b across a block boundary with 206 and exactly that slice", async function () {
    const first = KUBO_CHUNK_SIZE - 1000;
    await expectSlice(await ranged(`bytes=${first}-${first + 2 * KUBO_CHUNK_SIZE}`), first, first + 2 * KUBO_CHUNK_SIZE);
    await expectSlice(await ranged("bytes=0-0"), 0, 0);
    await expectSlice(await ranged("bytes=10-99"), 10, 99);
  });

  it("answers bytes=a- with the rest of the file and clamps a last byte past the end", async function () {
    await expectSlice(await ranged(`bytes=${2 * KUBO_CHUNK_SIZE + 7}-`), 2 * KUBO_CHUNK_SIZE + 7, SIZE - 1);
    await expectSlice(await ranged(`bytes=${SIZE - 5}-${SIZE + 1000}`), SIZE - 5, SIZE - 1);
  });

  it("answers bytes=-n with the last n bytes, the whole file when n exceeds it", async function () {
    await expectSlice(await ranged("bytes=-300000"), SIZE - 300_000, SIZE - 1);
    await expectSlice(await ranged(`bytes=-${SIZE * 2}`), 0, SIZE - 1);
  });

  it("refuses a range starting past the end, or an empty suffix, with 416 and the size in Content-Range", async function () {
    for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 10}-${SIZE + 20}`, "bytes=-0"]) {
      const res = await getJson(`${api}/content/${cid}`, { headers: { range, authorization: uploader } });
      expect(res.status, range).to.equal(416);
      expect((res.body as { error: { code: string } }).error.code).to.equal("range_not_satisfiable");
    }
    const res = await ranged(`bytes=${SIZE}-`);
    expect(res.headers.get("content-range")).to.equal(`bytes */${SIZE}`);
    await res.body?.cancel();
  });

  it("ignores a range it does not serve (several ranges, another unit, last before first) or a stale If-Range, sending the whole file", async function () {
    for (const [range, headers] of [
      ["bytes=0-1,5-6", {}],
      ["items=0-5", {}],
      ["bytes=9-3", {}],
      ["bytes=0-9", { "if-range": '"QmSomethingElse"' }],
    ] as const) {
      const res = await ranged(range, headers);
      expect(res.status, range).to.equal(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(file)).to.equal(true);
    }
    await expectSlice(await ranged("bytes=0-9", { "if-range": `"${cid}"` }), 0, 9);
  });

  it("still refuses an encrypted document's range to someone without a session (401) or not a recipient (403), and serves it to a recipient", async function () {
    const { a, b, c, encrypted } = cw;
    const { envelope: sealed, commitment } = encryptForRecipients(deterministicBytes(300 * KiB, 42), [
      { id: b.address.toLowerCase(), publicKey: generateKeyPair().publicKey },
    ]);
    const sealedCid = await upload(encrypted.id, sealed, a);
    const digest = cidDigest(sealedCid);
    await send(encrypted.documents.connect(a).anchor(digest, hexlify(commitment), 1, "Sealed drawing", 0n, [], [b.address]));
    await env.index.indexer.syncToHead();
    const url = `${api}/content/${sealedCid}`;
    const none = await getJson(url, { headers: { range: "bytes=0-99" } });
    expect(none.status).to.equal(401);
    const outsider = await getJson(url, { headers: { range: "bytes=0-99", authorization: await bearer(c.address) } });
    expect(outsider.status).to.equal(403);
    expect((outsider.body as { error: { code: string } }).error.code).to.equal("forbidden");
    const unsatisfiable = await getJson(url, { headers: { range: `bytes=${sealed.length}-`, authorization: await bearer(c.address) } });
    expect(unsatisfiable.status, "the recipient check comes before the range").to.equal(403);
    const recipient = await fetch(url, { headers: { range: `bytes=${KUBO_CHUNK_SIZE - 50}-`, authorization: await bearer(b.address) } });
    await expectSlice(recipient, KUBO_CHUNK_SIZE - 50, sealed.length - 1, sealed);
  });

  it("verifies the blocks a range reads: a damaged block inside the range cuts the answer off, one outside it does not matter", async function () {
    const damagedFile = deterministicBytes(3 * KUBO_CHUNK_SIZE, 43);
    const damagedCid = await upload(cw.plain.id, damagedFile, cw.a);
    const path = blockFile(env.store.dir, await leafCid(damagedFile, 2));
    const block = await readFile(path);
    block[block.length - 10] ^= 0xff;
    await writeFile(path, block);
    const url = `${api}/content/${damagedCid}`;

    const clean = await fetch(url, { headers: { range: `bytes=100-${2 * KUBO_CHUNK_SIZE - 1}`, authorization: uploader } });
    expect(clean.status).to.equal(206);
    expect(Buffer.from(await clean.arrayBuffer()).equals(damagedFile.subarray(100, 2 * KUBO_CHUNK_SIZE))).to.equal(true);

    const bad = await fetch(url, { headers: { range: `bytes=${2 * KUBO_CHUNK_SIZE - 10}-${2 * KUBO_CHUNK_SIZE + 10}`, authorization: uploader } });
    let failure: unknown;
    const received = await bad.arrayBuffer().catch((err: unknown) => (failure = err));
    expect(failure, `received ${received instanceof ArrayBuffer ? received.byteLength : 0} bytes`).to.be.instanceOf(Error);
  });

  it("describes the raw upload body and the binary download, with its ranges, in the OpenAPI document", async function () {
    type Operation = {
      parameters: { name: string; in: string }[];
      security?: unknown[];
      requestBody?: { content: Record<string, { schema: { type: string; format: string } }> };
      responses: Record<string, { content?: Record<string, { schema: { type?: string; format?: string } }>; headers?: Record<string, unknown> }>;
    };
    const doc = (await getJson(`${api}/openapi.json`)).body as { paths: Record<string, Record<string, Operation>> };
    const upload = doc.paths["/api/clusters/{id}/documents/upload"].post;
    expect(upload.requestBody!.content["application/octet-stream"].schema).to.deep.equal({ type: "string", format: "binary" });
    expect(upload.parameters.map((p) => [p.name, p.in])).to.deep.include(["x-filename", "header"]);
    const download = doc.paths["/api/content/{cid}"].get;
    expect(download.responses["200"].content!["application/octet-stream"].schema).to.include({ type: "string", format: "binary" });
    expect(download.responses["206"].headers).to.have.property("Content-Range");
    expect(download.responses).to.have.property("416");
    expect(download.parameters.map((p) => [p.name, p.in])).to.deep.include(["range", "header"]);
    expect(download.security, "every download needs a session").to.deep.equal([{ bearerAuth: [] }]);
    const verify = doc.paths["/api/clusters/{id}/documents/verify"].post;
    expect(verify.parameters.map((p) => [p.name, p.in])).to.deep.include(["x-content-salt", "header"]);
  });
});
