import { mkdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "chai";
import { ContentTooLargeError, EmbeddedStore } from "../../../backend/storage/index.js";
import { chunked, collect, deterministicBytes, filesUnder, KiB, MiB, tempDir } from "./fixtures.js";

describe("content store size limit", function () {
  this.timeout(60_000);
  const LIMIT = MiB;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: EmbeddedStore;

  beforeEach(async () => {
    dir = await tempDir("limit");
    store = await EmbeddedStore.open({ dir: dir.path, maxBytes: LIMIT });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  async function refusal(attempt: Promise<unknown>): Promise<ContentTooLargeError> {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ContentTooLargeError);
    return error as ContentTooLargeError;
  }

  it("accepts content of exactly the limit", async () => {
    const bytes = deterministicBytes(LIMIT, 1);
    const { size, cid } = await store.add(bytes);
    expect(size).to.equal(LIMIT);
    expect(Buffer.from(await collect(store.cat(cid))).equals(bytes)).to.equal(true);
  });

  it("refuses bytes one over the limit with the limit and the size, and stores nothing", async () => {
    const error = await refusal(store.add(deterministicBytes(LIMIT + 1, 2)));
    expect(error).to.include({ limit: LIMIT, size: LIMIT + 1, code: "content_too_large" });
    expect(error.message).to.equal(`Content of ${LIMIT + 1} bytes or more exceeds the limit of ${LIMIT} bytes; nothing was stored`);
    expect(await filesUnder(dir.path)).to.deep.equal([]);
  });

  it("cuts off a streamed upload as soon as it passes the limit and leaves no block of it behind", async () => {
    const kept = await store.add(deterministicBytes(300 * KiB, 3));
    const before = await filesUnder(dir.path);

    let pulled = 0;
    async function* upload(): AsyncGenerator<Uint8Array> {
      for await (const piece of chunked(deterministicBytes(4 * MiB, 4), [64 * KiB])) {
        pulled += piece.byteLength;
        yield piece;
      }
    }
    const error = await refusal(store.add(upload()));
    expect(error.limit).to.equal(LIMIT);
    expect(error.size).to.equal(LIMIT + 64 * KiB);
    expect(pulled, "the rest of the upload is never read").to.equal(LIMIT + 64 * KiB);
    expect(await filesUnder(dir.path)).to.deep.equal(before);
    expect(await store.has(kept.cid)).to.equal(true);
  });

  it("refuses an oversized upload without harming a concurrent add that shares its first blocks", async () => {
    const common = deterministicBytes(LIMIT, 5);
    const oversized = Buffer.concat([common, deterministicBytes(MiB, 6)]);
    const [ok, refused] = await Promise.allSettled([store.add(chunked(common, [100 * KiB])), store.add(chunked(oversized, [100 * KiB]))]);
    expect(refused.status).to.equal("rejected");
    expect(ok.status).to.equal("fulfilled");
    if (ok.status !== "fulfilled") return;
    expect(Buffer.from(await collect(store.cat(ok.value.cid))).equals(common)).to.equal(true);
  });

  it("stores nothing when the caller aborts an upload midway", async () => {
    const controller = new AbortController();
    async function* upload(): AsyncGenerator<Uint8Array> {
      let sent = 0;
      for await (const piece of chunked(deterministicBytes(512 * KiB, 7), [32 * KiB])) {
        if ((sent += piece.byteLength) > 256 * KiB) controller.abort();
        yield piece;
      }
    }
    const error = await store.add(upload(), { signal: controller.signal }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.have.property("name", "AbortError");
    expect(await filesUnder(dir.path)).to.deep.equal([]);
  });

  it("clears staging leftovers of an add that died with its process when the store opens", async () => {
    await store.close();
    const stale = join(dir.path, "staging", "add-crashed");
    await mkdir(stale, { recursive: true });
    await writeFile(join(stale, "block.data"), "partial");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);

    store = await EmbeddedStore.open({ dir: dir.path, maxBytes: LIMIT });
    expect(await filesUnder(dir.path)).to.deep.equal([]);
  });

  it("refuses a limit that is not a whole number of bytes", async () => {
    let error: unknown;
    await EmbeddedStore.open({ dir: dir.path, maxBytes: -1 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RangeError);
    expect((error as Error).message).to.equal("The content size limit must be a non-negative integer number of bytes, got -1");
  });
});
