import type { Page } from "playwright-core";

/** Where the web app kept document keys as hex before they became non-extractable CryptoKeys. */
export const LEGACY_KEY_PREFIX = "cluster-platform.encryption-key";

/** The name of an account's key slot, in localStorage before and in IndexedDB now. */
export function keySlot(membership: string, account: string): string {
  return `${LEGACY_KEY_PREFIX}.${membership.toLowerCase()}.${account.toLowerCase()}`;
}

export interface BrowserKey {
  slot: string;
  type: string;
  algorithm: string;
  extractable: boolean;
  usages: string[];
  /** What each attempt to export the private key gave inside the page: the error's name, or "exported". */
  exports: Record<string, string>;
  publicKeyHex: string;
}

/**
 * What a script on the page (an injected one included) can find of this browser's document keys:
 * the localStorage entries under the old prefix, and each key in IndexedDB with what
 * crypto.subtle.exportKey does with it.
 */
export async function browserKeys(page: Page): Promise<{ localStorage: Record<string, string>; keys: BrowserKey[] }> {
  return page.evaluate(async (prefix) => {
    const legacy = Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith(prefix)));
    // Opening a database that does not exist would create it empty, under the app's feet.
    if (!(await indexedDB.databases()).some((d) => d.name === "cluster-platform")) return { localStorage: legacy, keys: [] };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("cluster-platform");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains("encryption-keys")) return { localStorage: legacy, keys: [] };
      const records = await new Promise<{ slot: string; value: { privateKey: CryptoKey; publicKeyHex: string } }[]>((resolve, reject) => {
        const found: { slot: string; value: { privateKey: CryptoKey; publicKeyHex: string } }[] = [];
        const request = db.transaction("encryption-keys", "readonly").objectStore("encryption-keys").openCursor();
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return resolve(found);
          found.push({ slot: String(cursor.key), value: cursor.value });
          cursor.continue();
        };
        request.onerror = () => reject(request.error);
      });
      const keys = [];
      for (const { slot, value } of records) {
        const key = value.privateKey;
        const exports: Record<string, string> = {};
        for (const format of ["pkcs8", "jwk", "raw"] as const) {
          try {
            await crypto.subtle.exportKey(format, key);
            exports[format] = "exported";
          } catch (error) {
            exports[format] = (error as Error).name;
          }
        }
        keys.push({
          slot,
          type: key.type,
          algorithm: key.algorithm.name,
          extractable: key.extractable,
          usages: [...key.usages],
          exports,
          publicKeyHex: value.publicKeyHex,
        });
      }
      return { localStorage: legacy, keys };
    } finally {
      db.close();
    }
  }, LEGACY_KEY_PREFIX);
}

/** X25519 inside the page with the stored (non-extractable) key of `slot` and a peer's public key, as hex. */
export async function agreeInPage(page: Page, slot: string, peerPublicKeyHex: string): Promise<string> {
  return page.evaluate(
    async ({ slot, peer }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open("cluster-platform");
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const record = await new Promise<{ privateKey: CryptoKey }>((resolve, reject) => {
          const request = db.transaction("encryption-keys", "readonly").objectStore("encryption-keys").get(slot);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const bytes = Uint8Array.from(peer.match(/../g)!.map((h) => parseInt(h, 16)));
        const publicKey = await crypto.subtle.importKey("raw", bytes, { name: "X25519" }, true, []);
        const shared = new Uint8Array(await crypto.subtle.deriveBits({ name: "X25519", public: publicKey }, record.privateKey, 256));
        return [...shared].map((b) => b.toString(16).padStart(2, "0")).join("");
      } finally {
        db.close();
      }
    },
    { slot, peer: peerPublicKeyHex.replace(/^0x/, "") },
  );
}
