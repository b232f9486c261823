import { unixfs, type UnixFS } from "@helia/unixfs";
import type { Blockstore } from "interface-blockstore";
import type { CID } from "multiformats/cid";
import { verifyBlock } from "./blockVerify.js";
import type { ContentStat, ReadOptions } from "./contentStore.js";
import { ContentNotAFileError, ContentNotFoundError, ContentStoreError } from "./errors.js";

/** Where a reader gets raw blocks: the local disk or a Kubo node. Neither is trusted. */
export interface BlockSource {
  /** The block's bytes as stored; throws BlockMissingError when the source does not hold it. */
  getBlock(cid: CID, signal?: AbortSignal): Promise<Uint8Array>;
}

/** Thrown by a BlockSource for an absent block; turned into ContentNotFoundError for callers. */
export class BlockMissingError extends Error {
  constructor(readonly block: CID) {
    super(`Block ${block.toString()} is missing`);
    this.name = "BlockMissingError";
  }
}

/**
 * A read-only blockstore for @helia/unixfs that hashes every block against its CID before
 * handing it over, so the file walker (and the caller after it) only ever sees verified bytes.
 */
function verifyingBlockstore(root: string, source: BlockSource): Pick<Blockstore, "get" | "has" | "put"> {
  return {
    async *get(cid, options) {
      const bytes = await source.getBlock(cid, options?.signal);
      await verifyBlock(root, cid, bytes);
      yield bytes;
    },
    async has() {
      // Only writers ask; the reader never writes, so "absent" keeps it from trying.
      return false;
    },
    put() {
      throw new Error("The verified read path is read-only");
    },
  };
}

/** Turns the walker's errors into the store's: a missing block, a non-file, or our own. */
function translate(root: string, err: unknown): unknown {
  if (err instanceof ContentStoreError) return err;
  if (err instanceof BlockMissingError) return new ContentNotFoundError(root, err.block.toString());
  const name = err instanceof Error ? err.name : "";
  if (name === "NotAFileError" || name === "NoContentError" || name === "NotUnixFSError") return new ContentNotAFileError(root);
  return err;
}

function reader(root: string, source: BlockSource): UnixFS {
  return unixfs({ blockstore: verifyingBlockstore(root, source) });
}

/** Streams a file's bytes, each block verified before its bytes are yielded. */
export async function* catVerified(root: CID, source: BlockSource, options: ReadOptions = {}): AsyncGenerator<Uint8Array> {
  const id = root.toString();
  try {
    yield* reader(id, source).cat(root, { signal: options.signal, offset: options.offset, length: options.length, offline: true });
  } catch (err) {
    throw translate(id, err);
  }
}

/** Reads the (verified) root node to give the file's size. */
export async function statVerified(root: CID, source: BlockSource, signal?: AbortSignal): Promise<ContentStat> {
  const id = root.toString();
  try {
    const stat = await reader(id, source).stat(root, { signal, offline: true });
    if (stat.type !== "file" && stat.type !== "raw") throw new ContentNotAFileError(id);
    return { cid: id, size: Number(stat.size) };
  } catch (err) {
    throw translate(id, err);
  }
}
