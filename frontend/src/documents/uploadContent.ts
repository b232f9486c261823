import { api } from "../api/client.js";
import type { DirectoryEntry } from "../api/types.js";
import { encryptForRecipients, keyFromHex } from "../../../core/crypto/index.js";
import { readFile, sha256Hex, toHex } from "./cid.js";

export interface StoredContent {
  cid: string;
  size: number;
  /**
   * What the chain anchors: SHA-256 of the plaintext for a public document, the salted commitment
   * SHA-256(salt || plaintext) for an encrypted one (the salt is sealed in the envelope).
   */
  contentHash: string;
  encrypted: boolean;
}

/**
 * Reads a file, encrypts it in the browser for `recipients` (their keys from the member
 * directory) when `encrypt`, and uploads it; the backend and IPFS only see the ciphertext.
 */
export async function uploadContent(opts: {
  clusterId: number;
  token: string;
  file: File;
  encrypt: boolean;
  recipients: string[];
  directory: DirectoryEntry[];
  progress?: (step: string) => void;
}): Promise<StoredContent> {
  const { directory } = opts;
  opts.progress?.("Reading the file…");
  const plaintext = await readFile(opts.file);
  let contentHash = sha256Hex(plaintext);
  let body = plaintext;
  if (opts.encrypt) {
    opts.progress?.("Encrypting in the browser…");
    const keyOf = (a: string) => directory.find((d) => d.address === a)?.encryptionKey ?? null;
    const missing = opts.recipients.filter((a) => !keyOf(a));
    if (missing.length > 0) {
      const names = missing.map((a) => directory.find((d) => d.address === a)?.name ?? a);
      throw new Error(`No published encryption key for ${names.join(", ")}: they must publish one before you can encrypt for them.`);
    }
    const sealed = encryptForRecipients(
      plaintext,
      opts.recipients.map((a) => ({ id: a, publicKey: keyFromHex(keyOf(a)!) })),
    );
    body = sealed.envelope;
    contentHash = toHex(sealed.commitment);
  }
  opts.progress?.("Uploading…");
  const stored = await api.upload(opts.clusterId, body, opts.file.name, opts.token);
  return { ...stored, contentHash, encrypted: opts.encrypt };
}
