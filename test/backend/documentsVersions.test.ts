import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import { hexlify } from "ethers";
import { documentDetail, documentList, verification } from "../../core/api/schemas/documents.js";
import { bearer, componentApi, componentWorld, type ComponentApi, type ComponentWorld } from "./support/components.js";
import { getJson as getAnonymous } from "./support/server.js";
import { send } from "./support/world.js";

const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

describe("documents: revocation and versions in the index", function () {
  let cw: ComponentWorld;
  let env: ComponentApi;
  let api: string;
  const ids: number[] = [];
  const plaintexts = [0, 1, 2].map((i) => new TextEncoder().encode(`Price list, edition ${i + 1} ${randomBytes(6).toString("hex")}`));

  /** Reads as a, the author of every edition here (posts need no session: verify is public). */
  async function getJson(url: string, init: RequestInit = {}) {
    return getAnonymous(url, init.method === "POST" ? init : { ...init, headers: { authorization: await bearer(cw.a.address) } });
  }

  before(async function () {
    cw = await componentWorld();
    const { a, b, plain } = cw;
    const documents = plain.documents.connect(a);
    // Three editions of one document, each naming the one before; then the author revokes the last.
    for (const [i, text] of plaintexts.entries()) {
      const id = Number(await plain.documents.documentCount()) + 1;
      const digest = hexlify(randomBytes(32));
      await send(documents.anchor(digest, sha256(text), 4, `Price list ${i + 1}`, ids.at(-1) ?? 0, [b.address], [a.address, b.address]));
      ids.push(id);
      // The named signer signs the second edition while it is active.
      if (i === 1) await send(plain.documents.connect(b).sign(id, digest, sha256(text)));
    }
    await send(documents.revoke(ids[2]));
    env = await componentApi(cw.world);
    api = env.api;
  });
  after(async () => {
    await env?.close();
  });

  it("shows the whole chain from any of its versions: older ones superseded by the next, the last one revoked by its author", async function () {
    for (const id of ids) {
      const d = documentDetail.parse((await getJson(`${api}/clusters/${cw.plain.id}/documents/${id}`)).body);
      expect(d.versions.map((v) => [v.id, v.status])).to.deep.equal([
        [ids[0], "superseded"],
        [ids[1], "superseded"],
        [ids[2], "revoked"],
      ]);
    }
    const list = documentList.parse((await getJson(`${api}/clusters/${cw.plain.id}/documents`)).body);
    const chain = ids.map((id) => list.find((d) => d.id === id)!);
    expect(chain.map((d) => [d.previousVersion, d.supersededBy, d.revokedBy])).to.deep.equal([
      [null, ids[1], null],
      [ids[0], ids[2], null],
      [ids[1], null, cw.a.address.toLowerCase()],
    ]);
    for (const d of chain) expect(d.status).to.equal(["none", "active", "revoked", "superseded"][Number((await cw.plain.documents.document(d.id)).status)]);
  });

  it("keeps the signatures given before a version was superseded", async function () {
    const d = documentDetail.parse((await getJson(`${api}/clusters/${cw.plain.id}/documents/${ids[1]}`)).body);
    expect(d.signers.map((s) => [s.address, s.status])).to.deep.equal([[cw.b.address.toLowerCase(), "signed"]]);
    expect(d.fullySigned).to.equal(true);
  });

  it("filters the list by revoked and superseded status", async function () {
    const revoked = documentList.parse((await getJson(`${api}/clusters/${cw.plain.id}/documents?status=revoked`)).body).map((d) => d.id);
    const superseded = documentList.parse((await getJson(`${api}/clusters/${cw.plain.id}/documents?status=superseded`)).body).map((d) => d.id);
    expect(revoked).to.include(ids[2]).and.not.include(ids[1]);
    expect(superseded).to.include.members([ids[0], ids[1]]).and.not.include(ids[2]);
    expect((await getJson(`${api}/clusters/${cw.plain.id}/documents?status=withdrawn`)).status).to.equal(400);
  });

  it("still verifies a revoked edition's file as anchored, saying it is revoked", async function () {
    const res = await getJson(`${api}/clusters/${cw.plain.id}/documents/verify`, { method: "POST", body: Buffer.from(plaintexts[2]) });
    const v = verification.parse(res.body);
    expect(v.anchored).to.equal(true);
    expect(v.documents.map((d) => [d.id, d.status])).to.deep.equal([[ids[2], "revoked"]]);
  });
});
