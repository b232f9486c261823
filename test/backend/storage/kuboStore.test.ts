import { expect } from "chai";
import {
  ContentStoreUnavailableError,
  ContentTooLargeError,
  createContentStore,
  DEFAULT_MAX_UPLOAD_BYTES,
  EmbeddedStore,
  KuboStore,
  kuboAddOptions,
} from "../../../backend/storage/index.js";
import { freePort } from "../../../scripts/lib/processes.js";
import { MiB, tempDir } from "./fixtures.js";

/**
 * No Kubo binary is reachable here, so these tests cover what holds without one: the
 * options sent to `ipfs add`, the choice of implementation, and the errors when the node
 * cannot be reached (a real refused connection, not a mock). CID agreement with Kubo is
 * established against ipfs-only-hash in cidParity.test.ts.
 */
describe("Kubo content store", function () {
  /** A URL on which nothing listens: a port the OS gave us, then released. */
  const deadUrl = async () => `http://127.0.0.1:${await freePort()}`;

  it("asks Kubo for its default import parameters explicitly: CIDv0, no raw leaves, 256 KiB chunks, balanced, pinned", () => {
    const signal = new AbortController().signal;
    expect(kuboAddOptions(signal)).to.deep.equal({
      cidVersion: 0,
      rawLeaves: false,
      chunker: "size-262144",
      hashAlg: "sha2-256",
      trickle: false,
      wrapWithDirectory: false,
      pin: true,
      signal,
    });
  });

  it("is chosen by createContentStore for kind kubo, with the default size limit", async () => {
    const store = await createContentStore({ kind: "kubo", url: "http://127.0.0.1:5001" });
    expect(store).to.be.instanceOf(KuboStore);
    expect(store).to.include({ kind: "kubo", maxBytes: DEFAULT_MAX_UPLOAD_BYTES, url: "http://127.0.0.1:5001" });
  });

  it("leaves the embedded store to createContentStore for kind embedded, with the limit given", async () => {
    const dir = await tempDir("create");
    try {
      const store = await createContentStore({ kind: "embedded", dir: dir.path, maxBytes: 5 * MiB });
      expect(store).to.be.instanceOf(EmbeddedStore);
      expect(store).to.include({ kind: "embedded", maxBytes: 5 * MiB });
      await store.close();
    } finally {
      await dir.remove();
    }
  });

  it("refuses content over the limit before contacting the node", async () => {
    const store = KuboStore.open({ url: await deadUrl(), maxBytes: 10 });
    let error: unknown;
    await store.add(new Uint8Array(11)).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ContentTooLargeError);
    expect(error).to.include({ limit: 10, size: 11 });
  });

  it("reports an unreachable node as ContentStoreUnavailableError naming its URL", async () => {
    const url = await deadUrl();
    const store = KuboStore.open({ url, maxBytes: MiB });
    const cid = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    const attempts: [string, () => Promise<unknown>][] = [
      ["add content", () => store.add(new TextEncoder().encode("hello world\n"))],
      [`look up ${cid}`, () => store.has(cid)],
      [`stat ${cid}`, () => store.stat(cid)],
    ];
    for (const [what, attempt] of attempts) {
      let error: unknown;
      await attempt().catch((e: unknown) => (error = e));
      expect(error, what).to.be.instanceOf(ContentStoreUnavailableError);
      expect((error as Error).message).to.match(new RegExp(`^The Kubo node at ${url} could not ${what}: `));
    }
  });
});
