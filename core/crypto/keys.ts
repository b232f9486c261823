import { x25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { InvalidKeyError } from "./errors.js";

/** An X25519 key pair for receiving documents; the public half is registered in Membership. */
export interface EncryptionKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export const KEY_LENGTH = 32;

export function generateKeyPair(): EncryptionKeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  assertKey(secretKey, "secret key");
  return x25519.getPublicKey(secretKey);
}

/**
 * A short, stable name for a public key (first 16 bytes of its SHA-256, hex), written into
 * each envelope entry so a holder of the wrong key is told so instead of "tampered".
 */
export function keyFingerprint(publicKey: Uint8Array): string {
  assertKey(publicKey, "public key");
  return bytesToHex(sha256(publicKey).subarray(0, 16));
}

/** Hex (with or without 0x, as the chain and the API carry keys) to key bytes. */
export function keyFromHex(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]{64}$/.test(clean)) throw new InvalidKeyError(`An X25519 key is 32 bytes (64 hex digits); got ${JSON.stringify(hex.slice(0, 80))}`);
  return hexToBytes(clean);
}

export function keyToHex(key: Uint8Array): string {
  assertKey(key, "key");
  return `0x${bytesToHex(key)}`;
}

export function assertKey(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_LENGTH) {
    throw new InvalidKeyError(`An X25519 ${what} is ${KEY_LENGTH} bytes; got ${key instanceof Uint8Array ? key.length : typeof key}`);
  }
}
