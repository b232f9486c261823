import { expect } from "chai";
import { randomBytes } from "node:crypto";
import Hash from "ipfs-only-hash";
import { uploadResult, verification } from "../../core/api/schemas/documents.js";
import { encryptForRecipients, generateKeyPair } from "../../core/crypto/index.js";
import { KUBO_CHUNK_SIZE } from "../../backend/storage/index.js";
import { bearer, componentApi, componentWorld, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson } from "./support/server.js";
import { deterministicBytes } from "./storage/fixtures.js";

/** Larger than one leaf, so the form's file part spans several network chunks and blocks. */
const SIZE = KUBO_CHUNK_SIZE + 12_345;
const LIMIT = 2 * KUBO_CHUNK_SIZE;

/** An HTML form as a browser posts it: a text field, then the file (fetch sets the boundary). */
function form(file: Uint8Array, field = "file", extra: Record<string, string> = { title: "Supply contract" }): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(extra)) data.append(k, v);
  data.append(field, new Blob([new Uint8Array(file)]), "contract.pdf");
  return data;
}

/** A form body as a client cut off mid-way sends it: the file part's head, `file`, and no closing boundary. */
function truncatedForm(file: Uint8Array, cutHeadAt?: number): { body: Buffer; type: string } {
  const boundary = "----cluster-test-boundary";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contract.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const body = cutHeadAt === undefined ? Buffer.concat([head, file]) : head.subarray(0, cutHeadAt);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe("documents: multipart form uploads", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;

  async function post(path: "upload" | "verify", body: FormData, clusterId = cw.plain.id) {
    return getJson(`${api}/clusters/${clusterId}/documents/${path}`, {
      method: "POST",
      headers: { authorization: await bearer(cw.a.address) },
      body,
    });
  }

  before(async function () {
    cw = await componentWorld();
    env = await componentApi(cw.world, LIMIT);
    api = env.api;
  });
  after(async () => {
    await env?.close();
  });

  it("stores the form's file part under the same CID as a raw upload of its bytes, skipping the other fields", async function () {
    const file = deterministicBytes(SIZE, 7);
    const res = await post("upload", form(file));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const { cid, size } = uploadResult.parse(res.body);
    expect(size).to.equal(SIZE);
    expect(cid).to.equal(await Hash.of(file));
    const back = await fetch(`${api}/content/${cid}`, { headers: { authorization: await bearer(cw.a.address) } });
    expect(new Uint8Array(await back.arrayBuffer())).to.deep.equal(file);
  });

  it("verifies a file sent as a form the same way as a raw body", async function () {
    const file = randomBytes(300);
    const res = await post("verify", form(file));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(verification.parse(res.body)).to.include({ size: 300, anchored: false });
  });

  it("refuses a form without a file part, or with the file under another name, with 400, storing nothing", async function () {
    const file = randomBytes(100);
    const fieldsOnly = new FormData();
    fieldsOnly.append("title", "No file attached");
    for (const body of [form(file, "attachment"), fieldsOnly]) {
      const res = await post("upload", body);
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect((res.body as { error: { message: string } }).error.message).to.match(/no "file" file part/);
    }
    expect(await env.store.has(await Hash.of(file))).to.equal(false);
  });

  it("refuses a form whose file passes the size limit with 413, storing nothing", async function () {
    const big = deterministicBytes(LIMIT + 1, 9);
    const res = await post("upload", form(big));
    expect(res.status, JSON.stringify(res.body)).to.equal(413);
    expect(await env.store.has(await Hash.of(big))).to.equal(false);
  });

  it("holds a form to the cluster's encryption rule: plaintext 422, an envelope accepted", async function () {
    const plain = randomBytes(64);
    const refused = await post("upload", form(plain), cw.encrypted.id);
    expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
    expect(await env.store.has(await Hash.of(plain))).to.equal(false);
    const { publicKey } = generateKeyPair();
    const { envelope } = encryptForRecipients(plain, [{ id: cw.a.address.toLowerCase(), publicKey }]);
    const accepted = await post("upload", form(envelope), cw.encrypted.id);
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
  });

  it("refuses a truncated form (no closing boundary) with 400 and a clear message, on upload and verify, storing nothing", async function () {
    const file = deterministicBytes(SIZE, 11);
    for (const path of ["upload", "verify"] as const) {
      for (const cut of [undefined, 40]) {
        const { body, type } = truncatedForm(file, cut);
        const res = await getJson(`${api}/clusters/${cw.plain.id}/documents/${path}`, {
          method: "POST",
          headers: { authorization: await bearer(cw.a.address), "content-type": type },
          body: new Uint8Array(body),
        });
        expect(res.status, `${path} cut at ${cut}: ${JSON.stringify(res.body)}`).to.equal(400);
        const error = (res.body as { error: { code: string; message: string } }).error;
        expect(error.code).to.equal("bad_request");
        expect(error.message).to.equal("The multipart upload is truncated: it ended before the form's closing boundary; nothing was stored");
      }
    }
    expect(await env.store.has(await Hash.of(file))).to.equal(false);
  });

  it("takes a confidential copy's salt from a form field sent before the file", async function () {
    const secret = new TextEncoder().encode(`Offer ${randomBytes(6).toString("hex")}`);
    const sealed = encryptForRecipients(secret, [{ id: cw.b.address.toLowerCase(), publicKey: generateKeyPair().publicKey }]);
    const salt = `0x${Buffer.from(sealed.salt).toString("hex")}`;
    const withSalt = verification.parse((await post("verify", form(secret, "file", { salt }), cw.encrypted.id)).body);
    expect(withSalt).to.include({ salted: true, contentHash: `0x${Buffer.from(sealed.commitment).toString("hex")}` });
    const plain = verification.parse((await post("verify", form(secret), cw.encrypted.id)).body);
    expect(plain).to.include({ salted: false });
    expect(plain.contentHash).to.equal(plain.sha256);
  });

  it("describes both body forms in the OpenAPI document", async function () {
    const doc = (await getJson(`${api}/openapi.json`)).body as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } } }>;
    };
    const content = doc.paths["/api/clusters/{id}/documents/upload"].post.requestBody.content;
    expect(Object.keys(content)).to.have.members(["application/octet-stream", "multipart/form-data"]);
    expect(content["multipart/form-data"].schema.properties).to.have.property("file");
  });
});
