import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { EnvelopeTamperedError, InvalidKeyError } from "./errors.js";

/**
 * Wrapping a document key for one recipient, the way age and HPKE's base mode do it: a fresh
 * ephemeral X25519 key per recipient, ECDH with the recipient's public key, HKDF-SHA256 over
 * the shared secret (salted with both public keys so the wrap key is bound to this exchange),
 * then XChaCha20-Poly1305 over the document key with the recipient's id as associated data,
 * so an entry cannot be moved to another id.
 */
const INFO = utf8ToBytes("cluster-platform/v1/document-key-wrap");
export const NONCE_LENGTH = 24;

export interface WrappedKey {
  ephemeralPublicKey: Uint8Array;
  nonce: Uint8Array;
  /** The 32-byte document key encrypted and authenticated (48 bytes with the tag). */
  wrappedKey: Uint8Array;
}

function wrapKeyFor(sharedSecret: Uint8Array, ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  return hkdf(sha256, sharedSecret, concatBytes(ephemeralPublicKey, recipientPublicKey), INFO, 32);
}

export function wrapDocumentKey(documentKey: Uint8Array, recipientId: string, recipientPublicKey: Uint8Array): WrappedKey {
  const ephemeralSecret = x25519.utils.randomSecretKey();
  const ephemeralPublicKey = x25519.getPublicKey(ephemeralSecret);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeralSecret, recipientPublicKey);
  } catch {
    // A low-order point gives an all-zero secret anyone could compute; noble refuses it.
    throw new InvalidKeyError(`The public key of ${recipientId} is not a usable X25519 key`);
  }
  const nonce = randomBytes(NONCE_LENGTH);
  const key = wrapKeyFor(shared, ephemeralPublicKey, recipientPublicKey);
  const wrappedKey = xchacha20poly1305(key, nonce, utf8ToBytes(recipientId)).encrypt(documentKey);
  return { ephemeralPublicKey, nonce, wrappedKey };
}

/**
 * How a recipient's side of the key agreement is done: X25519 of its secret key with the
 * entry's ephemeral public key, giving the 32-byte shared secret. A browser does it with a
 * non-extractable WebCrypto key (`crypto.subtle.deriveBits`), so the secret bytes never reach
 * script; `unwrapDocumentKey` does it with noble and raw bytes. It throws when it refuses the
 * ephemeral key (WebCrypto and noble both refuse a low-order point, whose secret is all zeros).
 */
export type KeyAgreement = (ephemeralPublicKey: Uint8Array) => Promise<Uint8Array>;

/** The document key from an entry, given the shared secret of the entry's ephemeral key and the recipient's key. */
function openWrappedKey(entry: WrappedKey, recipientId: string, sharedSecret: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    const key = wrapKeyFor(sharedSecret, entry.ephemeralPublicKey, publicKey);
    return xchacha20poly1305(key, entry.nonce, utf8ToBytes(recipientId)).decrypt(entry.wrappedKey);
  } catch {
    throw new EnvelopeTamperedError("wrapped key");
  } finally {
    sharedSecret.fill(0);
  }
}

export function unwrapDocumentKey(entry: WrappedKey, recipientId: string, secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secretKey, entry.ephemeralPublicKey);
  } catch {
    // A low-order ephemeral key (all-zero secret) is refused by noble: only an altered entry has one.
    throw new EnvelopeTamperedError("wrapped key");
  }
  return openWrappedKey(entry, recipientId, shared, publicKey);
}

/** `unwrapDocumentKey` with the key agreement done by whoever holds the secret key. */
export async function unwrapDocumentKeyWith(entry: WrappedKey, recipientId: string, publicKey: Uint8Array, agree: KeyAgreement): Promise<Uint8Array> {
  let shared: Uint8Array;
  try {
    shared = await agree(entry.ephemeralPublicKey);
  } catch {
    // WebCrypto refuses a low-order ephemeral key (all-zero secret) as noble does: only an altered entry has one.
    throw new EnvelopeTamperedError("wrapped key");
  }
  // A key agreement giving anything but 32 bytes is a caller's bug, not an altered document.
  if (!(shared instanceof Uint8Array) || shared.length !== 32)
    throw new InvalidKeyError(`A key agreement gives a 32-byte shared secret; got ${shared instanceof Uint8Array ? shared.length : typeof shared}`);
  return openWrappedKey(entry, recipientId, shared, publicKey);
}
