import { createHash } from "node:crypto";
import type { Request, Response, Router } from "express";
import { z } from "zod";
import {
  checkEnvelopeBody,
  ENVELOPE_MARKER_LENGTH,
  envelopeHeaderEnd,
  hasEnvelopeMarker,
  parseEnvelope,
  PREFIX_LENGTH,
} from "../../../core/crypto/envelopeFormat.js";
import { EnvelopeFormatError } from "../../../core/crypto/errors.js";
import { ContentTooLargeError } from "../../storage/errors.js";
import type { ServiceDeps } from "../service.js";
import { documentManagement } from "../../../core/services/catalog/documentManagement.js";
import { ApiError, badRequest, forbidden, notFound, unprocessable } from "../../api/errors.js";
import { existingCluster } from "../cluster-registration/clusters.js";
import { documentsByContentHash, documentsMustBeEncrypted, getDocument, listDocuments, recordUpload } from "./documents.js";
import { answerPage } from "../../api/paging.js";
import { defineRoute, mount } from "../../api/route.js";
import { idParams } from "../../../core/api/schemas/common.js";
import { isMultipart, openUpload, uploadedBytes, UPLOAD_FIELD } from "../../api/uploadSource.js";
import { mountDownload, storeErrorToApi } from "./download.js";
import { documentDetail, documentList, documentParams, documentsQuery, uploadResult, verification } from "../../../core/api/schemas/documents.js";

export { downloadRoute } from "./download.js";

/** Who sees which document (row rule of the list and detail routes; `canSeeDocument` applies it). */
const DOCUMENT_AUDIENCE =
  "A document is visible to its author, its named signers and its recipients; one anchored with no recipients is visible to every member.";

/** The row rule of DOCUMENT_AUDIENCE, for a caller already known to be a member (addresses lowercase). */
function canSeeDocument(
  doc: { author: string; signers: readonly { address: string; named: boolean }[]; recipients: readonly string[] },
  caller: string,
): boolean {
  const is = (address: string) => address.toLowerCase() === caller;
  return doc.recipients.length === 0 || is(doc.author) || doc.recipients.some(is) || doc.signers.some((s) => s.named && is(s.address));
}

export const listDocumentsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/documents",
  tag: "documents",
  summary: "Documents anchored in a cluster, with their signers and recipients, a page at a time",
  params: idParams,
  query: documentsQuery,
  response: documentList,
  audience: DOCUMENT_AUDIENCE,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const getDocumentRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/documents/:docId",
  tag: "documents",
  summary: "One document: its anchor, signers and version chain",
  params: documentParams,
  response: documentDetail,
  audience: `${DOCUMENT_AUDIENCE} Anyone else: 403.`,
  access: "member",
  errors: ["bad_request", "not_found"],
});

export const uploadRoute = defineRoute({
  method: "post",
  path: "/api/clusters/:id/documents/upload",
  tag: "documents",
  summary:
    `Stores a file in the content store: the raw request body (application/octet-stream; X-Filename optional) or the "${UPLOAD_FIELD}" part of a multipart form; members only. ` +
    "A cluster that requires encryption accepts only CPDE envelopes (422 otherwise); over the size limit: 413, nothing stored",
  params: idParams,
  headers: z.object({ "x-filename": z.string().optional().describe("The file's name, URI-encoded (informational)") }),
  rawBody: {
    mediaType: ["application/octet-stream", "multipart/form-data"],
    description: `The file's bytes as the whole body, or as the "${UPLOAD_FIELD}" part of a multipart form (streamed either way): a CPDE envelope when the cluster requires encryption`,
  },
  response: uploadResult,
  access: "member",
  errors: ["bad_request", "unauthorized", "forbidden", "not_found", "payload_too_large", "unprocessable"],
});

export const verifyRoute = defineRoute({
  method: "post",
  path: "/api/clusters/:id/documents/verify",
  tag: "documents",
  summary:
    `Given a file (raw request body or the "${UPLOAD_FIELD}" part of a multipart form), whether and when it was anchored in the cluster, by whom, and who signed. ` +
    "A plain file is matched (by its SHA-256) against public documents only: a guess of a confidential document's content confirms nothing. " +
    'With the salt sealed in a confidential copy\'s envelope (X-Content-Salt header, or a "salt" form field before the file), the file is matched against SHA-256(salt || file), the commitment anchored for it',
  params: idParams,
  headers: z.object({
    "x-content-salt": z.string().optional().describe("The 32-byte salt from a confidential document's envelope, 0x hex: check a confidential copy"),
  }),
  rawBody: {
    mediaType: ["application/octet-stream", "multipart/form-data"],
    description: "The file to check, its bytes as the whole body or a form's file part",
  },
  response: verification,
  access: "public",
  errors: ["bad_request", "not_found", "payload_too_large"],
});

/** Where the verify route takes a confidential copy's salt: a header, or a form field before the file. */
const SALT_HEADER = "x-content-salt";
const SALT_FIELD = "salt";

/** The salt given to the verify route (32 bytes, 0x hex), from the header or the form; 400 if malformed or contradictory. */
function saltOf(header: string | undefined, field: string | undefined): Uint8Array | undefined {
  if (header !== undefined && field !== undefined && header.toLowerCase() !== field.toLowerCase()) {
    throw badRequest(`Send the salt once: the ${SALT_HEADER} header and the "${SALT_FIELD}" field differ`);
  }
  const value = header ?? field;
  if (value === undefined) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(value))
    throw badRequest(`The salt must be 32 bytes as 0x-prefixed hex (64 digits); got ${JSON.stringify(value.slice(0, 80))}`);
  return Buffer.from(value.slice(2), "hex");
}

/** The catalog service that gates uploads, as the DocumentRegistry's writes are gated. */

function concat(chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks);
}

/**
 * 413 before a byte is read when the client announces a raw body over the limit (a form's
 * length includes its boundaries and fields, so there the store's own count decides).
 */
function refuseAnnouncedOversize(req: Request, res: Response, maxBytes: number): void {
  if (isMultipart(req)) return;
  const announced = Number(req.get("content-length") ?? NaN);
  if (Number.isFinite(announced) && announced > maxBytes) {
    res.setHeader("Connection", "close");
    throw new ApiError("payload_too_large", `The file of ${announced} bytes exceeds the limit of ${maxBytes} bytes; nothing was stored`);
  }
}

/** What an upload turned out to be, known once its body has been read. */
interface UploadKind {
  encrypted: boolean;
}

/**
 * The request body as it arrives, checked before its end reaches the store (which keeps nothing
 * of a source that throws): a body starting with the envelope marker must be a whole, valid
 * envelope (its complete header parsed, a body holding at least the sealed salt and the tag);
 * any other body is plaintext, refused where the cluster requires encryption; an empty one is
 * refused. All refusals are 422 (400 when empty) and store nothing.
 */
async function* uploadBody(req: Request, mustBeEnvelope: boolean, clusterId: number, kind: UploadKind, maxBytes: number): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  /** Where the envelope's header ends, once its prefix is known; the stream is passed through after it. */
  let headerEnd: number | undefined;
  let decided = false;
  let total = 0;
  const decide = (first: Uint8Array, complete: boolean): void => {
    if (!hasEnvelopeMarker(first)) {
      if (mustBeEnvelope) throw notEncrypted(clusterId);
      decided = true;
      return;
    }
    kind.encrypted = true;
    if (headerEnd === undefined) {
      if (first.length < PREFIX_LENGTH) {
        if (!complete) return;
        throw invalidEnvelope("it is truncated");
      }
      headerEnd = envelopeOrRefuse(() => envelopeHeaderEnd(first));
    }
    if (first.length < headerEnd && !complete) return;
    envelopeOrRefuse(() => parseEnvelope(first));
    decided = true;
  };
  for await (const chunk of uploadedBytes(req)) {
    total += chunk.byteLength;
    if (total > maxBytes) throw overClusterLimit(clusterId, maxBytes);
    if (decided) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.byteLength;
    if (headBytes < ENVELOPE_MARKER_LENGTH) continue;
    const first = concat(head);
    head.splice(0, head.length, first);
    decide(first, false);
    if (decided) yield first;
  }
  if (total === 0) throw badRequest("The upload is empty: send the file's bytes as the request body");
  if (!decided) {
    const first = concat(head);
    decide(first, true);
    yield first;
  }
  // The body's length is known only at the end: checked before the source ends, so nothing is kept.
  if (kind.encrypted && headerEnd !== undefined) envelopeOrRefuse(() => checkEnvelopeBody(total - headerEnd!));
}

function overClusterLimit(clusterId: number, maxBytes: number): ApiError {
  return new ApiError("payload_too_large", `The file exceeds cluster ${clusterId}'s upload limit of ${maxBytes} bytes; nothing was stored`);
}

/** The largest upload cluster `clusterId` takes: its document-management settings, within the store's own limit. */
async function uploadLimit(deps: ServiceDeps, clusterId: number, storeMax: number): Promise<number> {
  // A catalog whose manifest of the service declares no settings (an older version): the store's limit.
  const settings = await deps.settings.values(clusterId, documentManagement.id);
  return Math.min(storeMax, Number(settings?.maxUploadBytes ?? storeMax));
}

/** Runs an envelope check, turning its format error into a 422 that says what is wrong. */
function envelopeOrRefuse<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof EnvelopeFormatError) throw invalidEnvelope(err.reason);
    throw err;
  }
}

function invalidEnvelope(reason: string): ApiError {
  return unprocessable(`Not a valid encrypted document: ${reason}; nothing was stored`);
}

function notEncrypted(clusterId: number): ApiError {
  return unprocessable(
    `Cluster ${clusterId} requires encrypted documents: encrypt the file for its recipients (a CPDE envelope) before uploading; nothing was stored`,
  );
}

export function mountDocuments(router: Router, deps: ServiceDeps): void {
  const { db, config, store } = deps;
  mount(router, deps, listDocumentsRoute, async ({ params, query, caller, req, res }) =>
    answerPage({ req, res }, await listDocuments(db, await existingCluster(db, params.id), caller, { status: query.status }, query)),
  );
  mount(router, deps, getDocumentRoute, async ({ params, caller }) => {
    const found = await getDocument(db, await existingCluster(db, params.id), params.docId);
    if (!found) throw notFound(`Cluster ${params.id} has no document ${params.docId}`);
    if (!canSeeDocument(found, caller)) {
      throw forbidden(`${caller} is not the author, a named signer or a recipient of document ${params.docId}: it is not shared with you`);
    }
    return found;
  });
  mount(router, deps, verifyRoute, async ({ params, req, res }) => {
    const clusterId = await existingCluster(db, params.id);
    const maxBytes = config.contentStore.maxBytes;
    refuseAnnouncedOversize(req, res, maxBytes);
    const upload = await openUpload(req);
    const salt = saltOf(req.get(SALT_HEADER), upload.fields.get(SALT_FIELD));
    const plain = createHash("sha256");
    const salted = salt ? createHash("sha256").update(salt) : undefined;
    let size = 0;
    for await (const chunk of upload.bytes) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        res.setHeader("Connection", "close");
        throw new ApiError("payload_too_large", `The file exceeds the limit of ${maxBytes} bytes`);
      }
      plain.update(chunk);
      salted?.update(chunk);
    }
    const sha256 = `0x${plain.digest("hex")}`;
    // A plain file matches public documents only; with the salt from a confidential copy's
    // envelope it matches that document's commitment, SHA-256(salt || file).
    const contentHash = salted ? `0x${salted.digest("hex")}` : sha256;
    const documents = await documentsByContentHash(db, clusterId, contentHash, { publicOnly: !salted });
    return { sha256, size, salted: salted !== undefined, contentHash, anchored: documents.length > 0, documents };
  });
  if (!store) return;
  mount(router, deps, uploadRoute, async ({ params, req, res, caller }) => {
    const maxBytes = await uploadLimit(deps, params.id, store.maxBytes);
    refuseAnnouncedOversize(req, res, maxBytes);
    const mustBeEnvelope = await documentsMustBeEncrypted(db, params.id);
    const kind: UploadKind = { encrypted: false };
    try {
      const { cid, size } = await store.add(uploadBody(req, mustBeEnvelope, params.id, kind, maxBytes));
      // Who uploaded what for which cluster decides who may download it (routes/download.ts).
      await recordUpload(db, { cid, clusterId: params.id, uploader: caller, encrypted: kind.encrypted, at: Math.floor(Date.now() / 1000) });
      return { cid, size };
    } catch (err) {
      if (err instanceof ApiError) {
        res.setHeader("Connection", "close");
        throw err;
      }
      if (err instanceof ContentTooLargeError) res.setHeader("Connection", "close");
      return storeErrorToApi(err);
    }
  });
  mountDownload(router, deps, store);
}
