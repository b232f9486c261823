import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { ImporterOptions } from "ipfs-unixfs-importer";
import type { AddOptions as KuboAddOptions } from "kubo-rpc-client";

/**
 * The parameters of `ipfs add` on a Kubo node with default settings (Kubo's
 * "legacy-cid-v0" import profile): CIDv0, SHA2-256, 256 KiB fixed-size chunks, a balanced
 * DAG of at most 174 links per node, leaves as dag-pb UnixFS file nodes (no raw leaves),
 * and a file of one chunk stored as that single leaf. Changing any of these changes CIDs.
 */
export const KUBO_CHUNK_SIZE = 262_144;
export const KUBO_MAX_CHILDREN_PER_NODE = 174;

/** Importer options for the embedded store; a fresh object each call because the importer mutates it. */
export function kuboImporterOptions(): ImporterOptions {
  return {
    cidVersion: 0,
    rawLeaves: false,
    leafType: "file",
    reduceSingleLeafToSelf: true,
    wrapWithDirectory: false,
    chunker: fixedSize({ chunkSize: KUBO_CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: KUBO_MAX_CHILDREN_PER_NODE }),
  };
}

/**
 * Options for kubo-rpc-client's add(). Spelled out rather than left to the node, because a
 * node configured with another import profile (Import.CidVersion, Import.UnixFSRawLeaves,
 * Import.UnixFSChunker) would otherwise give different CIDs than the embedded store.
 */
export function kuboAddOptions(signal?: AbortSignal): KuboAddOptions {
  return {
    cidVersion: 0,
    rawLeaves: false,
    chunker: `size-${KUBO_CHUNK_SIZE}`,
    hashAlg: "sha2-256",
    trickle: false,
    wrapWithDirectory: false,
    pin: true,
    signal,
  };
}
