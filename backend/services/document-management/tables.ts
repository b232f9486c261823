// The index tables of the document-management service.
import { bigint, integer, nullable, oneOf, table, text, type AnyTable } from "../../db/table.js";
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, SIGNER_STATUSES, withoutNone } from "../../../core/chain/enums.js";

/** Documents anchored in the cluster's DocumentRegistry, one row per version. */
export const documents = table(
  "documents",
  {
    cluster_id: bigint,
    document_id: bigint,
    cid: text,
    content_hash: text,
    kind: oneOf(DOCUMENT_KINDS),
    title: text,
    author: text,
    previous_version: nullable(bigint),
    superseded_by: nullable(bigint),
    status: oneOf(withoutNone(DOCUMENT_STATUSES)),
    fully_signed: integer,
    revoked_by: nullable(text),
    anchored_block: bigint,
    anchored_at: bigint,
    anchored_tx: text,
    /** 1 when anchored with no recipients: every member may read it (the list's row rule reads this, not the recipients). */
    for_all_members: integer,
  },
  { primaryKey: ["cluster_id", "document_id"], indexes: { documents_cid: ["cid"], documents_content_hash: ["content_hash"] } },
);

export const documentSigners = table(
  "document_signers",
  {
    cluster_id: bigint,
    document_id: bigint,
    signer: text,
    named: integer,
    status: oneOf(SIGNER_STATUSES),
    signed_block: nullable(bigint),
    signed_at: nullable(bigint),
    signed_tx: nullable(text),
  },
  // The documents a reader is a named signer of, found without reading every cluster's signers.
  { primaryKey: ["cluster_id", "document_id", "signer"], indexes: { document_signers_signer: ["cluster_id", "signer", "document_id"] } },
);

export const documentRecipients = table(
  "document_recipients",
  {
    cluster_id: bigint,
    document_id: bigint,
    recipient: text,
  },
  // The documents shared with a reader, found without reading every cluster's recipients.
  { primaryKey: ["cluster_id", "document_id", "recipient"], indexes: { document_recipients_reader: ["cluster_id", "recipient", "document_id"] } },
);

/** Each successful upload through the API: which account stored which content for which cluster. Not derived from events, so it survives a rebuild of the index; a row counts only for the chain and deployment it was made under (scope), since cluster ids belong to them. Who may download content follows from it: an envelope's uploader, a plaintext's uploader and current members. */
export const documentUploads = table(
  "document_uploads",
  {
    cid: text,
    cluster_id: bigint,
    uploader: text,
    scope: text,
    encrypted: integer,
    uploaded_at: bigint,
  },
  { primaryKey: ["cid", "cluster_id", "uploader", "scope"], derived: false },
);

/** Every table of this service. */
export const TABLES: readonly AnyTable[] = [documents, documentSigners, documentRecipients, documentUploads];
