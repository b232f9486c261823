import { readFile, rm, writeFile } from "node:fs/promises";
import { expect } from "chai";
import Hash from "ipfs-only-hash";
import { ContentIntegrityError, ContentNotFoundError, EmbeddedStore, InvalidCidError, KUBO_CHUNK_SIZE } from "../../../backend/storage/index.js";
import { blockFile, collect, deterministicBytes, leafCid, MiB, tempDir } from "./fixtures.js";

async function readUntilError(stream: AsyncIterable<Uint8Array>): Promise<{ received: Uint8Array; error: unknown }> {
  const parts: Uint8Array[] = [];
  try {
    for await (const part of stream) parts.push(part);
  } catch (error) {
    return { received: Buffer.concat(parts), error };
  }
  return { received: Buffer.concat(parts), error: undefined };
}

describe("embedded content store", function () {
  this.timeout(60_000);
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: EmbeddedStore;

  beforeEach(async () => {
    dir = await tempDir("embedded");
    store = await EmbeddedStore.open({ dir: dir.path, maxBytes: 16 * MiB });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it("keeps content across a restart: a new store on the same directory reads it back", async () => {
    const bytes = deterministicBytes(MiB + 10, 1);
    const { cid } = await store.add(bytes);
    await store.close();

    store = await EmbeddedStore.open({ dir: dir.path, maxBytes: 16 * MiB });
    expect(await store.has(cid)).to.equal(true);
    expect(await store.stat(cid)).to.deep.equal({ cid, size: MiB + 10 });
    expect(Buffer.from(await collect(store.cat(cid))).equals(bytes)).to.equal(true);
  });

  it("streams a file in several pieces rather than one buffer", async () => {
    const bytes = deterministicBytes(MiB, 2);
    const { cid } = await store.add(bytes);
    let pieces = 0;
    for await (const piece of store.cat(cid)) {
      expect(piece.byteLength).to.be.at.most(KUBO_CHUNK_SIZE);
      pieces++;
    }
    expect(pieces).to.equal(4);
  });

  it("reads a byte range from the middle of a file", async () => {
    const bytes = deterministicBytes(MiB, 3);
    const { cid } = await store.add(bytes);
    const part = await collect(store.cat(cid, { offset: KUBO_CHUNK_SIZE - 10, length: 100 }));
    expect(Buffer.from(part).equals(bytes.subarray(KUBO_CHUNK_SIZE - 10, KUBO_CHUNK_SIZE + 90))).to.equal(true);
  });

  it("detects a block altered on disk and refuses to return its bytes", async () => {
    const bytes = deterministicBytes(MiB, 4);
    const { cid } = await store.add(bytes);
    const damaged = await leafCid(bytes, 2);
    const path = blockFile(dir.path, damaged);
    const block = await readFile(path);
    block[block.length - 100] ^= 0xff;
    await writeFile(path, block);

    const { received, error } = await readUntilError(store.cat(cid));
    expect(error).to.be.instanceOf(ContentIntegrityError);
    expect(error).to.include({ cid, block: damaged, code: "content_corrupt" });
    expect((error as Error).message).to.equal(`Content ${cid} failed verification: block ${damaged} its bytes do not hash to its CID; refusing to return it`);
    // Whatever arrived before the failure is an untouched prefix that stops before the bad block.
    expect(received.length).to.be.at.most(2 * KUBO_CHUNK_SIZE);
    expect(Buffer.from(received).equals(bytes.subarray(0, received.length))).to.equal(true);
  });

  it("detects an altered root block before reading anything", async () => {
    const bytes = new TextEncoder().encode("the agreed terms\n");
    const { cid } = await store.add(bytes);
    const path = blockFile(dir.path, cid);
    const block = await readFile(path);
    block[block.length - 3] ^= 0x01;
    await writeFile(path, block);

    for (const attempt of [() => store.stat(cid), () => collect(store.cat(cid))]) {
      let error: unknown;
      await attempt().catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(ContentIntegrityError);
      expect(error).to.include({ cid, block: cid });
    }
  });

  it("repairs a damaged block when the same content is added again", async () => {
    const bytes = deterministicBytes(MiB, 5);
    const { cid } = await store.add(bytes);
    const path = blockFile(dir.path, await leafCid(bytes, 1));
    await writeFile(path, new Uint8Array(10));
    expect((await readUntilError(store.cat(cid))).error).to.be.instanceOf(ContentIntegrityError);

    await store.add(bytes);
    expect(Buffer.from(await collect(store.cat(cid))).equals(bytes)).to.equal(true);
  });

  it("reports a missing inner block as incomplete content, naming the block", async () => {
    const bytes = deterministicBytes(MiB, 6);
    const { cid } = await store.add(bytes);
    const missing = await leafCid(bytes, 3);
    await rm(blockFile(dir.path, missing));

    const { error } = await readUntilError(store.cat(cid));
    expect(error).to.be.instanceOf(ContentNotFoundError);
    expect(error).to.include({ cid, missingBlock: missing, code: "content_not_found" });
    expect((error as Error).message).to.equal(`Content ${cid} is incomplete in the store: block ${missing} is missing`);
  });

  it("answers not found for a CID it does not hold", async () => {
    const absent = await Hash.of(new TextEncoder().encode("never added"));
    expect(await store.has(absent)).to.equal(false);
    let error: unknown;
    await store.stat(absent).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ContentNotFoundError);
    expect((error as Error).message).to.equal(`Content ${absent} is not in the store`);
    expect((await readUntilError(store.cat(absent))).error).to.be.instanceOf(ContentNotFoundError);
  });

  it("refuses a malformed CID with InvalidCidError", async () => {
    for (const attempt of [() => store.has("not-a-cid"), () => store.stat("not-a-cid"), () => collect(store.cat("not-a-cid"))]) {
      let error: unknown;
      await attempt().catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(InvalidCidError);
      expect(error).to.include({ input: "not-a-cid", code: "invalid_cid" });
    }
  });

  it("stores identical content once and lets concurrent adds of it all succeed", async () => {
    const bytes = deterministicBytes(2 * MiB, 8);
    const results = await Promise.all([store.add(bytes), store.add(bytes), store.add(bytes)]);
    expect(new Set(results.map((r) => r.cid)).size).to.equal(1);
    expect(Buffer.from(await collect(store.cat(results[0].cid))).equals(bytes)).to.equal(true);
  });
});
