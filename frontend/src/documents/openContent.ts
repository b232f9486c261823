import { api } from "../api/client.js";
import type { ClusterDetail, DocumentSummary } from "../api/types.js";
import { contentCommitment, decryptWith, keyFromHex, looksLikeEnvelope } from "../../../core/crypto/index.js";
import { sha256Hex, toHex } from "./cid.js";
import { loadKey } from "./keyStore.js";

/** A document's content as its reader sees it: plaintext, whether it was encrypted, and its commitment. */
export interface OpenedContent {
  plaintext: Uint8Array;
  encrypted: boolean;
  /** The content commitment recomputed here (0x hex): compare it with the anchored contentHash. */
  commitment: string;
  /** The salt sealed in the envelope, for an encrypted document. */
  salt?: Uint8Array;
}

/**
 * Downloads content with the session's token and, if it is an envelope, decrypts it in the
 * browser with this account's non-extractable secret key: the plaintext, and the commitment the chain should hold.
 */
export async function openContent(cluster: ClusterDetail, cid: string, account: string | undefined, token: string | undefined): Promise<OpenedContent> {
  const bytes = await api.content(cid, token);
  if (!looksLikeEnvelope(bytes)) return { plaintext: bytes, encrypted: false, commitment: sha256Hex(bytes) };
  const membership = cluster.components.Membership;
  const key = account && membership ? await loadKey(membership, account) : undefined;
  if (!account || !key) throw new Error("This document is encrypted and this browser holds no secret key for your account.");
  const opened = await decryptWith(bytes, account, keyFromHex(key.publicKeyHex), key.agree);
  return { plaintext: opened.plaintext, encrypted: true, commitment: toHex(opened.commitment), salt: opened.salt };
}

/**
 * The confidential documents of a cluster that `file` is a copy of, checked in the browser: for
 * each document this account may read, its envelope is decrypted and SHA-256(salt || file) compared
 * with the anchored commitment. The server cannot do this (it never sees a salt unless given one).
 */
export async function confidentialMatches(
  cluster: ClusterDetail,
  documents: DocumentSummary[],
  file: Uint8Array,
  account: string,
  token: string,
): Promise<DocumentSummary[]> {
  const matches: DocumentSummary[] = [];
  for (const d of documents.filter((x) => x.recipients.includes(account))) {
    try {
      const opened = await openContent(cluster, d.cid, account, token);
      if (opened.salt && toHex(contentCommitment(opened.salt, file)) === d.contentHash) matches.push(d);
    } catch {
      // Content this browser cannot read (no key, not in the store): not a match it can confirm.
    }
  }
  return matches;
}
