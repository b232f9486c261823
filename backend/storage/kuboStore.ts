import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { parseCid } from "./cid.js";
import type { AddOptions, AddResult, ContentSource, ContentStat, ContentStore, ReadOptions } from "./contentStore.js";
import { ContentStoreError, ContentStoreUnavailableError, ContentTooLargeError } from "./errors.js";
import { kuboAddOptions } from "../../core/content/kuboDefaults.js";
import { assertValidLimit, limitSize } from "./sizeLimit.js";
import { BlockMissingError, catVerified, statVerified, type BlockSource } from "./verifiedRead.js";

export interface KuboStoreOptions {
  /** Kubo RPC API base, e.g. http://127.0.0.1:5001 */
  url: string;
  maxBytes: number;
}

/** Kubo's answer when a block is not held (offline lookups) or cannot be found. */
const NOT_FOUND = /not found|could not find|no such/i;

/** Kubo's root option that keeps a command to the local repository (no network search). */
const OFFLINE = { offline: true };

/**
 * The production content store: a Kubo node (or an IPFS Cluster proxy) over its RPC API.
 * Added content is pinned. Reads fetch raw blocks and run them through the same verifying
 * reader as the embedded store, so this process checks every byte itself instead of
 * trusting the node (Kubo does not rehash blocks it already holds).
 */
export class KuboStore implements ContentStore {
  readonly kind = "kubo" as const;

  private constructor(
    readonly url: string,
    readonly maxBytes: number,
    private readonly client: KuboRPCClient,
  ) {}

  static open(options: KuboStoreOptions): KuboStore {
    return new KuboStore(options.url, assertValidLimit(options.maxBytes), create({ url: options.url }));
  }

  /**
   * Streams the body to `ipfs add` with Kubo's default import parameters spelled out. An
   * oversized stream is cut off by the limiter, which aborts the request before Kubo pins
   * anything; blocks Kubo wrote before the cut stay unpinned and go with its next GC.
   */
  async add(content: ContentSource, options: AddOptions = {}): Promise<AddResult> {
    // Known sizes are refused before a request is made at all.
    if (content instanceof Uint8Array && content.byteLength > this.maxBytes) throw new ContentTooLargeError(this.maxBytes, content.byteLength);
    const count = { bytes: 0 };
    try {
      const result = await this.client.add(limitSize(content, this.maxBytes, count), kuboAddOptions(options.signal));
      return { cid: result.cid.toString(), size: count.bytes };
    } catch (err) {
      throw this.translate(err, "add content");
    }
  }

  async *cat(cid: string, options: ReadOptions = {}): AsyncGenerator<Uint8Array> {
    try {
      yield* catVerified(parseCid(cid), this.source, options);
    } catch (err) {
      throw this.translate(err, `read ${cid}`);
    }
  }

  async has(cid: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    const parsed = parseCid(cid);
    try {
      await this.client.block.stat(parsed, { signal: options.signal, ...OFFLINE });
      return true;
    } catch (err) {
      if (err instanceof Error && NOT_FOUND.test(err.message)) return false;
      throw this.translate(err, `look up ${cid}`);
    }
  }

  async stat(cid: string, options: { signal?: AbortSignal } = {}): Promise<ContentStat> {
    try {
      return await statVerified(parseCid(cid), this.source, options.signal);
    } catch (err) {
      throw this.translate(err, `stat ${cid}`);
    }
  }

  async close(): Promise<void> {
    // The RPC client holds no connection of its own beyond fetch's pool.
  }

  /**
   * Raw blocks from the node. Local only: a document the platform stored is pinned on this
   * node, and a read must not hang searching the network for a CID nobody has.
   */
  private readonly source: BlockSource = {
    getBlock: async (cid: CID, signal?: AbortSignal): Promise<Uint8Array> => {
      try {
        return await this.client.block.get(cid, { signal, ...OFFLINE });
      } catch (err) {
        if (err instanceof Error && NOT_FOUND.test(err.message)) throw new BlockMissingError(cid);
        throw err;
      }
    },
  };

  private translate(err: unknown, what: string): unknown {
    if (err instanceof ContentStoreError || err instanceof BlockMissingError) return err;
    // The HTTP client reports a failed request body as its own error; the limiter's refusal
    // (or another of ours) is then its cause, and is what the caller must see.
    for (let cause = causeOf(err); cause !== undefined; cause = causeOf(cause)) {
      if (cause instanceof ContentStoreError) return cause;
    }
    if (err instanceof Error && err.name === "AbortError") return err;
    const detail = err instanceof Error ? err.message : String(err);
    return new ContentStoreUnavailableError(`The Kubo node at ${this.url} could not ${what}: ${detail}`, { cause: err });
  }
}

function causeOf(err: unknown): unknown {
  return err instanceof Error ? err.cause : undefined;
}
