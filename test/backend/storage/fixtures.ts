import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NextToLast } from "blockstore-fs/sharding";
import Hash from "ipfs-only-hash";
import { CID } from "multiformats/cid";
import { KUBO_CHUNK_SIZE } from "../../../backend/storage/index.js";

export const KiB = 1024;
export const MiB = 1024 * KiB;

/**
 * Deterministic pseudo-random bytes (xorshift32): the same input every run, and not
 * compressible or periodic, so no two chunks of a large input dedupe into one block.
 */
export function deterministicBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, length);
}

/** Splits bytes into chunks of the given sizes, cycling, as a network upload would arrive. */
export async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `cluster-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Every file under dir, relative paths, sorted: what the store left on disk. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** Where the embedded store keeps a block: blockstore-fs's default layout under <dir>/blocks. */
export function blockFile(storeDir: string, cid: string): string {
  const { dir, file } = new NextToLast().encode(CID.parse(cid));
  return join(storeDir, "blocks", dir, file);
}

/** The CID of the i-th 256 KiB leaf: with Kubo's defaults a lone chunk is stored as that same leaf. */
export async function leafCid(bytes: Uint8Array, i: number): Promise<string> {
  return Hash.of(bytes.subarray(i * KUBO_CHUNK_SIZE, (i + 1) * KUBO_CHUNK_SIZE));
}
