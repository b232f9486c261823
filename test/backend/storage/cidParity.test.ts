import { expect } from "chai";
import Hash from "ipfs-only-hash";
import { EmbeddedStore, KUBO_CHUNK_SIZE, KUBO_MAX_CHILDREN_PER_NODE } from "../../../backend/storage/index.js";
import { chunked, collect, deterministicBytes, KiB, MiB, tempDir } from "./fixtures.js";

/**
 * The embedded store must give the CIDs `ipfs add` gives on a default Kubo node. Expected
 * CIDs come from ipfs-only-hash (an independent, older importer with Kubo's defaults) and
 * from literal CIDs Kubo is known to print, never from the store itself.
 */
describe("content store: CIDs equal a default Kubo node's", function () {
  this.timeout(120_000);
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: EmbeddedStore;

  before(async () => {
    dir = await tempDir("cids");
    store = await EmbeddedStore.open({ dir: dir.path, maxBytes: 64 * MiB });
  });
  after(async () => {
    await store?.close();
    await dir?.remove();
  });

  it('gives Kubo\'s well-known CID for "hello world\\n"', async () => {
    const known = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    const bytes = new TextEncoder().encode("hello world\n");
    expect(await Hash.of(bytes), "the independent implementation agrees with Kubo").to.equal(known);
    expect((await store.add(bytes)).cid).to.equal(known);
  });

  it("gives Kubo's well-known CID for empty content", async () => {
    const known = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
    expect(await Hash.of(new Uint8Array(0))).to.equal(known);
    const added = await store.add(new Uint8Array(0));
    expect(added).to.deep.equal({ cid: known, size: 0 });
    expect(await collect(store.cat(known))).to.have.length(0);
  });

  const sizes: [string, number][] = [
    ["a few bytes", 5],
    ["exactly one 256 KiB chunk", KUBO_CHUNK_SIZE],
    ["one chunk and one byte", KUBO_CHUNK_SIZE + 1],
    ["1 MiB (four chunks under one root)", MiB],
    ["exactly 174 chunks (the widest single-level tree)", KUBO_MAX_CHILDREN_PER_NODE * KUBO_CHUNK_SIZE],
    ["174 chunks and one byte (a second tree level)", KUBO_MAX_CHILDREN_PER_NODE * KUBO_CHUNK_SIZE + 1],
    ["50 MiB (200 leaves, two levels)", 50 * MiB],
  ];
  for (const [label, size] of sizes) {
    it(`matches the independent implementation for ${label} (${size} bytes) and reads the bytes back`, async () => {
      const bytes = deterministicBytes(size, size + 1);
      const expected = await Hash.of(bytes);
      const added = await store.add(bytes);
      expect(added).to.deep.equal({ cid: expected, size });
      expect(Buffer.from(await collect(store.cat(expected))).equals(bytes)).to.equal(true);
    });
  }

  it("gives the same CID however the upload is split into chunks", async () => {
    const bytes = deterministicBytes(3 * MiB + 12_345, 7);
    const expected = await Hash.of(bytes);
    expect((await store.add(chunked(bytes, [1, 1000, 64 * KiB, 300 * KiB]))).cid).to.equal(expected);
    expect((await store.add(chunked(bytes, [KUBO_CHUNK_SIZE]))).cid).to.equal(expected);
  });

  it("gives the same CID for a file of repeated identical chunks (deduplicated leaves)", async () => {
    const bytes = new Uint8Array(2 * MiB + 3).fill(0x5a);
    const expected = await Hash.of(bytes);
    expect((await store.add(bytes)).cid).to.equal(expected);
    expect(Buffer.from(await collect(store.cat(expected))).equals(bytes)).to.equal(true);
  });
});
