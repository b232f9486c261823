import { z } from "zod";
import { pageQuery } from "./page.js";
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, SIGNER_STATUSES, withoutNone } from "../../chain/enums.js";
import { address, bytes32, idString, isoTime, txHash } from "./common.js";
import { apiSchemas } from "./registry.js";

const documentStatus = z.enum(withoutNone(DOCUMENT_STATUSES));

export const documentParams = z.object({
  id: idString.describe("Cluster id"),
  docId: idString.describe("Document id (from 1)"),
});

export const DOCUMENT_SORTS = ["id", "title", "anchoredAt"] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

export const documentsQuery = pageQuery(DOCUMENT_SORTS, "id", "title, kind or author address").extend({
  status: documentStatus.optional().describe("Only documents in this status"),
});

export const documentSigner = z
  .object({
    address,
    named: z.boolean().describe("Named at anchoring (false: the author signing its own document)"),
    status: z.enum(withoutNone(SIGNER_STATUSES)),
    signedAt: isoTime.nullable(),
    txHash: txHash.nullable(),
  })
  .register(apiSchemas, { id: "DocumentSigner" });

export const documentSummary = z
  .object({
    id: z.number().int(),
    cid: z.string().describe("CIDv0 of the stored content (ciphertext for an encrypted document)"),
    contentHash: bytes32.describe(
      "The content commitment: SHA-256 of the plaintext for a public document, SHA-256(salt || plaintext) for an encrypted one (the salt is sealed in its envelope)",
    ),
    kind: z.enum(DOCUMENT_KINDS),
    title: z.string(),
    author: address,
    previousVersion: z.number().int().nullable(),
    supersededBy: z.number().int().nullable().describe("The newer version that superseded this one"),
    status: documentStatus,
    revokedBy: address.nullable().describe("Who revoked it (its author)"),
    fullySigned: z.boolean().describe("Every named signer signed (false when none was named)"),
    signers: z.array(documentSigner),
    recipients: z.array(address).describe("Who may read the content, as announced at anchoring"),
    anchoredBlock: z.number().int(),
    anchoredAt: isoTime,
    txHash,
  })
  .register(apiSchemas, { id: "Document" });

export const documentList = z.array(documentSummary).register(apiSchemas, { id: "DocumentList" });

export const documentDetail = documentSummary
  .extend({
    versions: z
      .array(z.object({ id: z.number().int(), status: documentStatus, anchoredAt: isoTime }))
      .describe("The whole version chain this document belongs to, oldest first"),
  })
  .register(apiSchemas, { id: "DocumentDetail" });

export const uploadResult = z
  .object({
    cid: z.string().describe("CIDv0, what `ipfs add` on a default Kubo node gives for the same bytes"),
    size: z.number().int().describe("Bytes stored"),
  })
  .register(apiSchemas, { id: "UploadResult" });

export const contentParams = z.object({ cid: z.string().min(1).max(200).describe("CID of the content") });

export const verification = z
  .object({
    sha256: bytes32.describe("SHA-256 of the file sent"),
    size: z.number().int(),
    salted: z.boolean().describe("Whether a salt was given, so the file was checked against confidential documents' commitments"),
    contentHash: bytes32.describe("What was compared with the anchors: the SHA-256, or SHA-256(salt || file) when salted"),
    anchored: z.boolean().describe("Whether a document of this cluster was anchored with this content (public documents only, unless salted)"),
    documents: z.array(documentSummary).describe("Every matching anchor in the cluster, oldest first"),
  })
  .register(apiSchemas, { id: "DocumentVerification" });
