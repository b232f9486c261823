import { mkdir, readdir, rename, rm, stat as fsStat } from "node:fs/promises";
import { join } from "node:path";
import { FsBlockstore } from "blockstore-fs";
import { NextToLast } from "blockstore-fs/sharding";
import { importFile } from "ipfs-unixfs-importer";
import type { CID } from "multiformats/cid";
import { collectBytes } from "./bytes.js";
import { parseCid } from "./cid.js";
import type { AddOptions, AddResult, ContentSource, ContentStat, ContentStore, ReadOptions } from "./contentStore.js";
import { ContentTooLargeError } from "./errors.js";
import { kuboImporterOptions } from "../../core/content/kuboDefaults.js";
import { assertValidLimit, limitSize } from "./sizeLimit.js";
import { StagingArea } from "./staging.js";
import { BlockMissingError, catVerified, statVerified, type BlockSource } from "./verifiedRead.js";

export interface EmbeddedStoreOptions {
  /** Directory of the store; holds blocks/ (the blocks, one file each) and staging/. */
  dir: string;
  maxBytes: number;
}

/** Staging directories older than this are leftovers of a process that died mid-add. */
const STALE_STAGING_MS = 60 * 60 * 1000;

/**
 * The embedded content store: IPFS blocks in a directory on disk, in this process, no
 * daemon. Blocks live in blockstore-fs's layout (next-to-last/2 sharding of the base32
 * multihash, ".data" files — the same layout as Kubo's flatfs). Writes go through a staging
 * area and are committed by rename; reads go through the verifying UnixFS reader.
 */
export class EmbeddedStore implements ContentStore {
  readonly kind = "embedded" as const;

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly blocks: FsBlockstore,
    private readonly sharding: NextToLast,
    private readonly blocksDir: string,
    private readonly stagingDir: string,
  ) {}

  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const maxBytes = assertValidLimit(options.maxBytes);
    const blocksDir = join(options.dir, "blocks");
    const stagingDir = join(options.dir, "staging");
    const sharding = new NextToLast();
    const blocks = new FsBlockstore(blocksDir, { shardingStrategy: sharding });
    await blocks.open();
    await mkdir(stagingDir, { recursive: true });
    await sweepStaleStaging(stagingDir);
    return new EmbeddedStore(options.dir, maxBytes, blocks, sharding, blocksDir, stagingDir);
  }

  async add(content: ContentSource, options: AddOptions = {}): Promise<AddResult> {
    options.signal?.throwIfAborted();
    // A size known up front is refused before any disk work.
    if (content instanceof Uint8Array && content.byteLength > this.maxBytes) throw new ContentTooLargeError(this.maxBytes, content.byteLength);
    const count = { bytes: 0 };
    const staging = await StagingArea.create(this.stagingDir, (cid) => this.sharding.encode(cid).file);
    try {
      const { cid } = await importFile({ content: limitSize(content, this.maxBytes, count, options.signal) }, staging, kuboImporterOptions());
      await staging.commit(cid, (file, block) => this.place(file, block));
      return { cid: cid.toString(), size: count.bytes };
    } finally {
      await staging.discard();
    }
  }

  async *cat(cid: string, options: ReadOptions = {}): AsyncGenerator<Uint8Array> {
    yield* catVerified(parseCid(cid), this.source, options);
  }

  async has(cid: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    return this.blocks.has(parseCid(cid), options);
  }

  async stat(cid: string, options: { signal?: AbortSignal } = {}): Promise<ContentStat> {
    return statVerified(parseCid(cid), this.source, options.signal);
  }

  async close(): Promise<void> {
    await this.blocks.close();
  }

  /** Blocks as they are on disk; verification happens in the reader, not here. */
  private readonly source: BlockSource = {
    getBlock: async (cid: CID, signal?: AbortSignal): Promise<Uint8Array> => {
      try {
        return await collectBytes(this.blocks.get(cid, { signal }));
      } catch (err) {
        if (err instanceof Error && err.name === "NotFoundError") throw new BlockMissingError(cid);
        throw err;
      }
    },
  };

  private async place(stagedFile: string, cid: CID): Promise<void> {
    const { dir, file } = this.sharding.encode(cid);
    const target = join(this.blocksDir, dir, file);
    // Replacing an existing block is harmless (same bytes by construction) and heals one
    // that was damaged on disk. The shard directory is created on first use only.
    try {
      await rename(stagedFile, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      await mkdir(join(this.blocksDir, dir), { recursive: true });
      await rename(stagedFile, target);
    }
  }
}

async function sweepStaleStaging(stagingDir: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(stagingDir)) {
    const path = join(stagingDir, entry);
    const info = await fsStat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_STAGING_MS) await rm(path, { recursive: true, force: true });
  }
}
