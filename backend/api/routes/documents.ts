import { createHash } from "node:crypto";
import type { Request, Response, Router } from "express";
import { z } from "zod";
import { requireMember, requireSession } from "../../auth/middleware.js";
import { looksLikeEnvelope, PREFIX_LENGTH } from "../../crypto/envelope-format.js";
import { ContentTooLargeError } from "../../storage/errors.js";
import type { ApiDeps } from "../deps.js";
import { ApiError, badRequest, forbidden, notFound, unprocessable } from "../errors.js";
import { existingCluster } from "../read/clusters.js";
import { documentsByContentHash, documentsMustBeEncrypted, getDocument, listDocuments, serviceEnabled } from "../read/documents.js";
import { defineRoute, mount } from "../route.js";
import { idParams } from "../schemas/common.js";
import { isMultipart, uploadedBytes, UPLOAD_FIELD } from "../uploadSource.js";
import { mountDownload, storeErrorToApi } from "./download.js";
import {
  documentDetail,
  documentList,
  documentParams,
  documentsQuery,
  uploadResult,
  verification,
} from "../schemas/documents.js";

export { downloadRoute } from "./download.js";

export const listDocumentsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/documents",
  tag: "documents",
  summary: "Documents anchored in a cluster, with their signers and recipients",
  params: idParams,
  query: documentsQuery,
  response: documentList,
  errors: ["bad_request", "not_found"],
});

export const getDocumentRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/documents/:docId",
  tag: "documents",
  summary: "One document: its anchor, signers and version chain",
  params: documentParams,
  response: documentDetail,
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
  auth: true,
  errors: ["bad_request", "unauthorized", "forbidden", "not_found", "payload_too_large", "unprocessable"],
});

export const verifyRoute = defineRoute({
  method: "post",
  path: "/api/clusters/:id/documents/verify",
  tag: "documents",
  summary: `Given a file (raw request body or the "${UPLOAD_FIELD}" part of a multipart form), whether and when its SHA-256 was anchored in the cluster, by whom, and who signed`,
  params: idParams,
  rawBody: { mediaType: ["application/octet-stream", "multipart/form-data"], description: "The file to check, its bytes as the whole body or a form's file part" },
  response: verification,
  errors: ["bad_request", "not_found", "payload_too_large"],
});

/** The catalog service that gates uploads, as the DocumentRegistry's writes are gated. */
const DOCUMENT_SERVICE = "document-management";

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

/**
 * The request body as it arrives, refused (422) before its first bytes reach the
 * store unless they start a CPDE envelope, and refused when empty.
 */
async function* uploadBody(req: Request, mustBeEnvelope: boolean, clusterId: number): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let decided = !mustBeEnvelope;
  let total = 0;
  for await (const chunk of uploadedBytes(req)) {
    total += chunk.byteLength;
    if (decided) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.byteLength;
    if (headBytes < PREFIX_LENGTH) continue;
    const first = concat(head);
    if (!looksLikeEnvelope(first)) throw notEncrypted(clusterId);
    decided = true;
    yield first;
  }
  if (!decided) {
    if (total > 0 && !looksLikeEnvelope(concat(head))) throw notEncrypted(clusterId);
    if (total > 0) yield concat(head);
  }
  if (total === 0) throw badRequest("The upload is empty: send the file's bytes as the request body");
}

function notEncrypted(clusterId: number): ApiError {
  return unprocessable(
    `Cluster ${clusterId} requires encrypted documents: encrypt the file for its recipients (a CPDE envelope) before uploading; nothing was stored`,
  );
}

export function mountDocuments(router: Router, { db, config, store }: ApiDeps): void {
  const secret = config.session.secret;
  mount(router, listDocumentsRoute, ({ params, query }) => listDocuments(db, existingCluster(db, params.id), query.status));
  mount(router, getDocumentRoute, ({ params }) => {
    const found = getDocument(db, existingCluster(db, params.id), params.docId);
    if (!found) throw notFound(`Cluster ${params.id} has no document ${params.docId}`);
    return found;
  });
  mount(router, verifyRoute, async ({ params, req, res }) => {
    const clusterId = existingCluster(db, params.id);
    const maxBytes = config.contentStore.maxBytes;
    refuseAnnouncedOversize(req, res, maxBytes);
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of uploadedBytes(req)) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        res.setHeader("Connection", "close");
        throw new ApiError("payload_too_large", `The file exceeds the limit of ${maxBytes} bytes`);
      }
      hash.update(chunk);
    }
    const sha256 = `0x${hash.digest("hex")}`;
    const documents = documentsByContentHash(db, clusterId, sha256);
    return { sha256, size, anchored: documents.length > 0, documents };
  });
  if (!store) return;
  mount(
    router,
    uploadRoute,
    async ({ params, req, res }) => {
      if (!serviceEnabled(db, params.id, DOCUMENT_SERVICE)) {
        res.setHeader("Connection", "close");
        throw forbidden(`Document management is disabled in cluster ${params.id}'s configuration: uploads are refused`);
      }
      refuseAnnouncedOversize(req, res, store.maxBytes);
      const mustBeEnvelope = documentsMustBeEncrypted(db, params.id);
      try {
        const { cid, size } = await store.add(uploadBody(req, mustBeEnvelope, params.id));
        return { cid, size };
      } catch (err) {
        if (err instanceof ApiError) {
          res.setHeader("Connection", "close");
          throw err;
        }
        if (err instanceof ContentTooLargeError) res.setHeader("Connection", "close");
        return storeErrorToApi(err);
      }
    },
    requireSession(secret),
    requireMember(db),
  );
  mountDownload(router, db, store, secret);
}

