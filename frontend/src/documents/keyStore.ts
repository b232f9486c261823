import { keyFromHex, keyToHex, publicKeyOf, type KeyAgreement } from "../../../core/crypto/index.js";
import { getKeyRecord, putKeyRecord, type KeyRecord } from "./keyDatabase.js";

// A member's document secret key lives only in this browser, one per account (and cluster
// contract), as a non-extractable WebCrypto X25519 key in IndexedDB: script on the page, injected
// script included, can use it to decrypt while it runs there but can never read its bytes, so it
// cannot carry the key away. It never leaves the device, so losing the browser profile loses access
// to documents encrypted for the key. There is no export: a new browser publishes a new key.
const PREFIX = "cluster-platform.encryption-key";

/** The slot's name: in IndexedDB now, and in localStorage where keys were kept as hex before. */
function slot(membership: string, account: string): string {
  return `${PREFIX}.${membership.toLowerCase()}.${account.toLowerCase()}`;
}

export interface StoredKey {
  /** 0x hex of the public key, as published with Membership.setEncryptionKey. */
  publicKeyHex: string;
  /** X25519 with the stored secret key (which script cannot read), for `decryptWith`. */
  agree: KeyAgreement;
}

const X25519 = { name: "X25519" } as const;

/** PKCS#8 wrapping of a raw X25519 private key (RFC 8410), the form WebCrypto imports a private key from. */
const PKCS8_X25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);

function subtle(): SubtleCrypto {
  // crypto.subtle exists only in a secure context (HTTPS, or localhost during development).
  if (typeof crypto === "undefined" || !crypto.subtle)
    throw new Error("Document keys need the browser's Web Crypto, which it offers only over HTTPS: open the platform at its https:// address.");
  return crypto.subtle;
}

/** Turns WebCrypto's refusal of X25519 (an older browser) into a sentence that says what to do. */
async function withX25519<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "NotSupportedError") {
      throw new Error(
        "This browser's Web Crypto has no X25519, which keeps your document key out of reach of scripts: use a current Chrome, Edge, Firefox or Safari.",
        {
          cause,
        },
      );
    }
    throw cause;
  }
}

function toStoredKey(record: KeyRecord): StoredKey {
  const { privateKey, publicKeyHex } = record;
  return {
    publicKeyHex,
    agree: async (ephemeralPublicKey) => {
      // A copy: WebCrypto takes bytes over an ArrayBuffer, not any ArrayBufferLike.
      const peer = await subtle().importKey("raw", new Uint8Array(ephemeralPublicKey), X25519, true, []);
      // The raw X25519 output, the same bytes noble's getSharedSecret gives (the wrap's HKDF input).
      return new Uint8Array(await subtle().deriveBits({ name: "X25519", public: peer }, privateKey, 256));
    },
  };
}

/**
 * Moves a key kept as hex in localStorage (before keys were non-extractable) into IndexedDB as a
 * non-extractable CryptoKey, then deletes the hex: once, the first time the key is looked up here.
 */
async function migrateLegacyKey(name: string): Promise<KeyRecord | undefined> {
  const hex = localStorage.getItem(name);
  if (hex === null) return undefined;
  let secretKey: Uint8Array;
  try {
    secretKey = keyFromHex(hex);
  } catch {
    return undefined; // Not a key (this code never wrote one like it): left as it is, never used.
  }
  try {
    const publicKeyHex = keyToHex(publicKeyOf(secretKey));
    const pkcs8 = new Uint8Array(PKCS8_X25519_PREFIX.length + secretKey.length);
    pkcs8.set(PKCS8_X25519_PREFIX);
    pkcs8.set(secretKey, PKCS8_X25519_PREFIX.length);
    const privateKey = await withX25519(() => subtle().importKey("pkcs8", pkcs8, X25519, false, ["deriveBits"]));
    pkcs8.fill(0);
    const record = { privateKey, publicKeyHex };
    await putKeyRecord(name, record);
    // Only once the CryptoKey is committed: a failure above leaves the old copy to try again.
    localStorage.removeItem(name);
    return record;
  } finally {
    secretKey.fill(0);
  }
}

/** This browser's key for the account in the cluster, if it holds one. */
export async function loadKey(membership: string, account: string): Promise<StoredKey | undefined> {
  const name = slot(membership, account);
  const record = (await getKeyRecord(name)) ?? (await migrateLegacyKey(name));
  return record ? toStoredKey(record) : undefined;
}

/** Creates a fresh key pair, keeps its secret half non-extractable in this browser, and returns it; the caller publishes the public half. */
export async function createKey(membership: string, account: string): Promise<StoredKey> {
  const name = slot(membership, account);
  const pair = (await withX25519(() => subtle().generateKey(X25519, false, ["deriveBits"]))) as CryptoKeyPair;
  // A public key is always extractable, whatever the flag says for its private half.
  const publicKeyHex = keyToHex(new Uint8Array(await subtle().exportKey("raw", pair.publicKey)));
  const record = { privateKey: pair.privateKey, publicKeyHex };
  await putKeyRecord(name, record);
  // An older hex copy (one that failed to migrate) must not outlive the key that replaces it.
  localStorage.removeItem(name);
  return toStoredKey(record);
}
