import type { Signer, TransactionReceipt } from "ethers";
import { DOCUMENT_KINDS, type DocumentKindName } from "../api/types.js";
import { documentRegistryAt, documentRegistryInterface } from "../chain/contracts.js";
import { cidDigest } from "../../../core/content/cidDigest.js";

export interface Anchor {
  cid: string;
  /** The content commitment: SHA-256 of the plaintext, salted for an encrypted document (see uploadContent). */
  contentHash: string;
  kind: DocumentKindName;
  title: string;
  /** The document this version supersedes (the caller's own, active), or 0. */
  previousVersion: number;
  signers: string[];
  recipients: string[];
}

/** Sends DocumentRegistry.anchor for stored content. */
export function sendAnchor(registry: string, signer: Signer, a: Anchor) {
  return documentRegistryAt(registry, signer).anchor(
    cidDigest(a.cid),
    a.contentHash,
    DOCUMENT_KINDS.indexOf(a.kind),
    a.title,
    a.previousVersion,
    a.signers,
    a.recipients,
  );
}

/** The id of the document a receipt's DocumentAnchored event announces. */
export function anchoredDocumentId(receipt: TransactionReceipt): number | undefined {
  for (const log of receipt.logs) {
    try {
      const parsed = documentRegistryInterface.parseLog(log);
      if (parsed?.name === "DocumentAnchored") return Number(parsed.args.documentId);
    } catch {
      // Another contract's log.
    }
  }
  return undefined;
}
