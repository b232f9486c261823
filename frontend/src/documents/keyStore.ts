import { generateKeyPair, keyFromHex, keyToHex, publicKeyOf } from "../../../backend/crypto/index.js";

// A member's document secret key lives only in this browser's localStorage, one per account
// (and cluster contract): it never leaves the device, so losing the browser profile loses
// access to documents encrypted for the key.
const PREFIX = "cluster-platform.encryption-key";

function slot(membership: string, account: string): string {
  return `${PREFIX}.${membership.toLowerCase()}.${account.toLowerCase()}`;
}

export interface StoredKey {
  secretKey: Uint8Array;
  publicKeyHex: string;
}

export function loadKey(membership: string, account: string): StoredKey | undefined {
  const hex = localStorage.getItem(slot(membership, account));
  if (!hex) return undefined;
  try {
    const secretKey = keyFromHex(hex);
    return { secretKey, publicKeyHex: keyToHex(publicKeyOf(secretKey)) };
  } catch {
    return undefined;
  }
}

/** Creates a fresh key pair and keeps its secret half; the caller publishes the public half. */
export function createKey(membership: string, account: string): StoredKey {
  const pair = generateKeyPair();
  localStorage.setItem(slot(membership, account), keyToHex(pair.secretKey));
  return { secretKey: pair.secretKey, publicKeyHex: keyToHex(pair.publicKey) };
}
