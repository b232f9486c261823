// The browser's IndexedDB store of document keys: one record per account and cluster. IndexedDB,
// unlike localStorage, holds a CryptoKey as it is (structured clone), non-extractable flag included,
// so the secret half is stored without ever being bytes that script can read.
const DATABASE = "cluster-platform";
const STORE = "encryption-keys";
const VERSION = 1;

/** A member's document key as stored: the WebCrypto private key and the public half it published. */
export interface KeyRecord {
  privateKey: CryptoKey;
  /** 0x hex of the raw X25519 public key, as Membership.setEncryptionKey carries it. */
  publicKeyHex: string;
}

let opened: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === "undefined")
      throw new Error("This browser has no IndexedDB, where document keys are kept; use a current browser, not a private window that disables it.");
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => {
      // A later version opening in another tab waits for this connection: let it go, reopen on next use.
      request.result.onversionchange = () => {
        request.result.close();
        opened = undefined;
      };
      resolve(request.result);
    };
    request.onerror = () => reject(new Error(`Could not open this browser's key store: ${request.error?.message ?? "unknown error"}`));
    request.onblocked = () =>
      reject(new Error("This browser's key store is being upgraded by another tab; close the other tabs of the platform and try again."));
  }).catch((error: unknown) => {
    // A failed open is not cached: the next call tries again.
    opened = undefined;
    throw error;
  });
  return opened;
}

/** Runs one request in its own transaction and resolves once the transaction has committed. */
async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise<T>((resolve, reject) => {
    // Strict durability: a migrated key is on disk before its localStorage copy is deleted.
    const tx = db.transaction(STORE, mode, { durability: mode === "readwrite" ? "strict" : "default" });
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(new Error(`This browser's key store refused the operation: ${tx.error?.message ?? "unknown error"}`));
    tx.onabort = () => reject(new Error(`This browser's key store refused the operation: ${tx.error?.message ?? "aborted"}`));
  });
}

function isKeyRecord(value: unknown): value is KeyRecord {
  const v = value as Partial<KeyRecord> | undefined;
  return typeof v === "object" && v !== null && v.privateKey instanceof CryptoKey && typeof v.publicKeyHex === "string";
}

export async function getKeyRecord(slot: string): Promise<KeyRecord | undefined> {
  const value = await inStore<unknown>("readonly", (store) => store.get(slot));
  return isKeyRecord(value) ? value : undefined;
}

/** Stores the record; resolves once it is committed to disk (so a caller may then delete an older copy). */
export async function putKeyRecord(slot: string, record: KeyRecord): Promise<void> {
  await inStore("readwrite", (store) => store.put(record, slot));
}
