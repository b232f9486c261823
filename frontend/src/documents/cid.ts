import { sha256 } from "@noble/hashes/sha2.js";

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
