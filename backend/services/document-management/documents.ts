import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { chainScope } from "../../db/meta.js";
import { inList, statement } from "../../db/statements.js";
import type { documentDetail, documentSigner, documentSummary } from "../../../core/api/schemas/documents.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { documents } from "./tables.js";
import { pageOf, type ListShape, type Page } from "../../query/page.js";
import type { PageRequest } from "../../../core/api/schemas/page.js";
import type { DocumentSort } from "../../../core/api/schemas/documents.js";

type DocumentSummary = z.input<typeof documentSummary>;
type DocumentDetail = z.input<typeof documentDetail>;
type Signer = z.input<typeof documentSigner>;

type DocumentRow = Row<typeof documents>;

interface SignerRow {
  document_id: number;
  signer: string;
  named: number;
  status: Signer["status"];
  signed_at: number | null;
  signed_tx: string | null;
}

function toSigner(r: SignerRow): Signer {
  return {
    address: r.signer,
    named: r.named === 1,
    status: r.status,
    signedAt: r.signed_at === null ? null : isoFromUnix(r.signed_at),
    txHash: r.signed_tx,
  };
}

function toDocument(r: DocumentRow, signers: SignerRow[], recipients: string[]): DocumentSummary {
  return {
    id: r.document_id,
    cid: r.cid,
    contentHash: r.content_hash,
    kind: r.kind,
    title: r.title,
    author: r.author,
    previousVersion: r.previous_version,
    supersededBy: r.superseded_by,
    status: r.status,
    revokedBy: r.revoked_by,
    fullySigned: r.fully_signed === 1,
    signers: signers.map(toSigner),
    recipients,
    anchoredBlock: r.anchored_block,
    anchoredAt: isoFromUnix(r.anchored_at),
    txHash: r.anchored_tx,
  };
}

/** The documents of `rows` (one cluster's) with their signers and recipients, read in two queries whatever their number. */
async function withParties(db: Db, clusterId: number, rows: DocumentRow[]): Promise<DocumentSummary[]> {
  const ids = inList(rows.map((r) => r.document_id));
  const signers = (await statement(
    db,
    `SELECT document_id, signer, named, status, signed_at, signed_tx FROM document_signers
     WHERE cluster_id = ? AND document_id IN (${ids.marks}) ORDER BY document_id, named DESC, signer`,
  ).all(clusterId, ...ids.params)) as unknown as SignerRow[];
  const recipients = (await statement(
    db,
    `SELECT document_id, recipient FROM document_recipients WHERE cluster_id = ? AND document_id IN (${ids.marks}) ORDER BY document_id, recipient`,
  ).all(clusterId, ...ids.params)) as { document_id: number; recipient: string }[];
  return rows.map((r) =>
    toDocument(
      r,
      signers.filter((x) => x.document_id === r.document_id),
      recipients.filter((x) => x.document_id === r.document_id).map((x) => x.recipient),
    ),
  );
}

async function documentWithParties(db: Db, row: DocumentRow): Promise<DocumentSummary> {
  return (await withParties(db, row.cluster_id, [row]))[0]!;
}

/** How the documents list pages: by id (the default), title or anchoring time; `q` searches title, kind and author. */
const DOCUMENT_LIST: ListShape<DocumentSort> = {
  sorts: { id: { sql: "d.document_id", kind: "number" }, title: { sql: "d.title", kind: "text" }, anchoredAt: { sql: "d.anchored_at", kind: "number" } },
  key: { sql: "d.document_id", kind: "number" },
  search: ["d.title", "d.kind", "d.author"],
};

/**
 * A page of the documents of a cluster that `reader` may see (its author, a named signer, a
 * recipient; or anyone, when it has no recipients), optionally in one status. The row rule is
 * applied in the query so pages are full and the cursor holds.
 */
export async function listDocuments(
  db: Db,
  clusterId: number,
  reader: string,
  filter: { status?: DocumentSummary["status"] },
  request: PageRequest,
): Promise<Page<DocumentSummary>> {
  // Uncorrelated IN lists: each store reads the reader's own rows through its index once, not a lookup per document.
  const page = await pageOf<DocumentRow>(
    db,
    {
      columns: "d.*",
      from: "documents d",
      where: [
        "d.cluster_id = ?",
        "(CAST(? AS TEXT) IS NULL OR d.status = ?)",
        `(d.for_all_members = 1 OR d.author = ?
          OR d.document_id IN (SELECT document_id FROM document_recipients WHERE cluster_id = ? AND recipient = ?)
          OR d.document_id IN (SELECT document_id FROM document_signers WHERE cluster_id = ? AND signer = ? AND named = 1))`,
      ],
      params: [clusterId, filter.status ?? null, filter.status ?? null, reader, clusterId, reader, clusterId, reader],
    },
    DOCUMENT_LIST,
    request,
  );
  return { rows: await withParties(db, clusterId, page.rows), next: page.next };
}

async function documentRow(db: Db, clusterId: number, documentId: number): Promise<DocumentRow | undefined> {
  return (await statement(db, "SELECT * FROM documents WHERE cluster_id = ? AND document_id = ?").get(clusterId, documentId)) as DocumentRow | undefined;
}

/** One document with its whole version chain (back through previous versions, on through successors). */
export async function getDocument(db: Db, clusterId: number, documentId: number): Promise<DocumentDetail | undefined> {
  const row = await documentRow(db, clusterId, documentId);
  if (!row) return undefined;
  const chain: DocumentRow[] = [row];
  const seen = new Set([row.document_id]);
  for (let r = row; r.previous_version !== null && !seen.has(r.previous_version);) {
    const previous = await documentRow(db, clusterId, r.previous_version);
    if (!previous) break;
    seen.add(previous.document_id);
    chain.unshift(previous);
    r = previous;
  }
  for (let r = row; r.superseded_by !== null && !seen.has(r.superseded_by);) {
    const next = await documentRow(db, clusterId, r.superseded_by);
    if (!next) break;
    seen.add(next.document_id);
    chain.push(next);
    r = next;
  }
  return {
    ...(await documentWithParties(db, row)),
    versions: chain.map((d) => ({ id: d.document_id, status: d.status, anchoredAt: isoFromUnix(d.anchored_at) })),
  };
}

/**
 * Every anchor of a content hash in a cluster, oldest first. `publicOnly` leaves out documents
 * whose content was uploaded encrypted: a plain file is matched against public documents only.
 */
export async function documentsByContentHash(
  db: Db,
  clusterId: number,
  contentHash: string,
  { publicOnly }: { publicOnly: boolean },
): Promise<DocumentSummary[]> {
  const rows = (publicOnly
    ? await statement(
        db,
        `SELECT * FROM documents d WHERE cluster_id = ? AND content_hash = ?
           AND NOT EXISTS (SELECT 1 FROM document_uploads u WHERE u.cid = d.cid AND u.encrypted = 1)
           ORDER BY document_id`,
      ).all(clusterId, contentHash.toLowerCase())
    : await statement(db, "SELECT * FROM documents WHERE cluster_id = ? AND content_hash = ? ORDER BY document_id").all(
        clusterId,
        contentHash.toLowerCase(),
      )) as unknown as DocumentRow[];
  return withParties(db, clusterId, rows);
}

/** Records a successful upload: `uploader` stored `cid` for `clusterId` (the first time counts). */
export async function recordUpload(db: Db, upload: { cid: string; clusterId: number; uploader: string; encrypted: boolean; at: number }): Promise<void> {
  await statement(
    db,
    `INSERT INTO document_uploads (cid, cluster_id, uploader, scope, encrypted, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (cid, cluster_id, uploader, scope) DO NOTHING`,
  ).run(upload.cid, upload.clusterId, upload.uploader.toLowerCase(), await chainScope(db), upload.encrypted ? 1 : 0, upload.at);
}

/** Whether `address` uploaded this content (for any cluster). Anchoring someone else's CID counts for nothing. */
export async function isUploaderOf(db: Db, cid: string, address: string): Promise<boolean> {
  return (
    (await statement(db, "SELECT 1 AS found FROM document_uploads WHERE cid = ? AND uploader = ? AND scope = ? LIMIT 1").get(
      cid,
      address.toLowerCase(),
      await chainScope(db),
    )) !== undefined
  );
}

/** Whether `address` is today a member of a cluster this content was uploaded to. */
export async function isMemberWhereUploaded(db: Db, cid: string, address: string): Promise<boolean> {
  return (
    (await statement(
      db,
      `SELECT 1 AS found FROM document_uploads u JOIN members m ON m.cluster_id = u.cluster_id
       WHERE u.cid = ? AND u.scope = ? AND m.address = ? LIMIT 1`,
    ).get(cid, await chainScope(db), address.toLowerCase())) !== undefined
  );
}

/** Whether the cluster's configuration requires encrypted documents. */
export async function documentsMustBeEncrypted(db: Db, clusterId: number): Promise<boolean> {
  const row = (await statement(db, "SELECT documents_must_be_encrypted AS flag FROM clusters WHERE id = ?").get(clusterId)) as
    { flag: number | null } | undefined;
  return row?.flag === 1;
}
