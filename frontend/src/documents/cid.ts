import { sha256 } from "@noble/hashes/sha2.js";
import { CID } from "multiformats/cid";

/** The 32-byte SHA-256 digest of a CIDv0, as DocumentRegistry.anchor takes it (0x hex). */
export function cidDigest(cid: string): string {
  const parsed = CID.parse(cid);
  if (parsed.version !== 0) throw new Error(`Expected a CIDv0 (Qm…), got ${cid}`);
  const digest = parsed.multihash.digest;
  return `0x${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Bytes as 0x hex, the way the chain and the API write hashes. */
export function toHex(bytes: Uint8Array): string {
  return `0x${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** SHA-256 of the bytes (0x hex), computed in the browser. */
export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes));
}

export async function readFile(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}
