import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Request, RequestHandler, Response, Router } from "express";
import type { DatabaseSync } from "node:sqlite";
import { requireMember, requireSession } from "../../auth/middleware.js";
import { verifySessionToken } from "../../auth/session.js";
import { envelopeRecipients } from "../../crypto/envelope.js";
import { looksLikeEnvelope, MAGIC } from "../../crypto/envelope-format.js";
import type { ContentStore } from "../../storage/content-store.js";
import { ContentNotFoundError, ContentTooLargeError, InvalidCidError } from "../../storage/errors.js";
import type { ApiDeps } from "../deps.js";
import { ApiError, badRequest, forbidden, notFound, unauthorized, unprocessable } from "../errors.js";
import { clusterExists } from "../read/clusters.js";
import {
  documentsByContentHash,
  documentsMustBeEncrypted,
  getDocument,
  isAuthorOfCid,
  listDocuments,
  serviceEnabled,
} from "../read/documents.js";
import { defineRoute, mount } from "../route.js";
import { idParams } from "../schemas/common.js";
import {
  contentParams,
  documentDetail,
  documentList,
  documentParams,
  documentsQuery,
  uploadResult,
  verification,
} from "../schemas/documents.js";

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
    "Stores a file (the raw request body, application/octet-stream; X-Filename optional) in the content store; members only. " +
    "A cluster that requires encryption accepts only CPDE envelopes (422 otherwise); over the size limit: 413, nothing stored",
  params: idParams,
  response: uploadResult,
  auth: true,
  errors: ["bad_request", "unauthorized", "forbidden", "not_found", "payload_too_large", "unprocessable"],
});

export const verifyRoute = defineRoute({
  method: "post",
  path: "/api/clusters/:id/documents/verify",
  tag: "documents",
  summary: "Given a file (raw request body), whether and when its SHA-256 was anchored in the cluster, by whom, and who signed",
  params: idParams,
  response: verification,
  errors: ["bad_request", "not_found", "payload_too_large"],
});

export const downloadRoute = defineRoute({
  method: "get",
  path: "/api/content/:cid",
  tag: "documents",
  summary:
    "Streams stored content (application/octet-stream), verified against its CID. An encrypted envelope is served only " +
    "to its recipients and the author of a document anchoring it (bearer token)",
  params: contentParams,
  response: contentParams.shape.cid.describe("The bytes"),
  errors: ["bad_request", "unauthorized", "forbidden", "not_found"],
});

/** The catalog service that gates uploads, as the DocumentRegistry's writes are gated. */
const DOCUMENT_SERVICE = "document-management";

const HEADER_PREFIX = MAGIC.length + 1 + 4;
const TAG_LENGTH = 16;
/** An envelope header larger than this is not read to decide who may download (the format caps it at 1 MiB). */
const MAX_HEADER_READ = 1024 * 1024 + HEADER_PREFIX + TAG_LENGTH;

function concat(chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks);
}

/** 413 before a byte is read when the client announces a body over the limit. */
function refuseAnnouncedOversize(req: Request, res: Response, maxBytes: number): void {
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
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (decided) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.byteLength;
    if (headBytes < HEADER_PREFIX) continue;
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

function existing(db: DatabaseSync, id: number): number {
  if (!clusterExists(db, id)) throw notFound(`Cluster ${id} does not exist`);
  return id;
}

function storeErrorToApi(err: unknown, cid?: string): never {
  if (err instanceof ContentTooLargeError) {
    throw new ApiError("payload_too_large", `The file exceeds the limit of ${err.limit} bytes; nothing was stored`);
  }
  if (err instanceof ContentNotFoundError) throw notFound(`Content ${cid ?? err.cid} is not in the content store`);
  if (err instanceof InvalidCidError) throw badRequest(err.message);
  throw err;
}

/** Who asks, when a bearer token is sent; a bad token is refused rather than ignored. */
async function optionalSession(req: Request, secret: string): Promise<string | undefined> {
  const header = req.get("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized("The Authorization header must be Bearer <token>");
  const check = await verifySessionToken(secret, match[1]);
  if (!check.ok) throw unauthorized(check.reason === "expired" ? "The session has expired: sign in again" : "The session token is not valid: sign in again");
  return check.session.address.toLowerCase();
}

/**
 * Streams content, first reading just enough of it to tell an envelope (and its recipients)
 * from plaintext, so the recipient check happens before any byte is sent.
 */
function download(db: DatabaseSync, store: ContentStore, secret: string): RequestHandler {
  return async (req, res) => {
    const parsed = contentParams.safeParse(req.params);
    if (!parsed.success) throw badRequest("Invalid path parameters: cid must be a CID");
    const cid = parsed.data.cid;
    const stat = await store.stat(cid).catch((err: unknown) => storeErrorToApi(err, cid));
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const iterator = store.cat(cid, { signal: controller.signal })[Symbol.asyncIterator]();
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let done = false;
    const pull = async () => {
      const next = await iterator.next();
      if (next.done) done = true;
      else {
        head.push(next.value);
        headBytes += next.value.byteLength;
      }
    };
    try {
      while (!done && headBytes < HEADER_PREFIX) await pull();
      let first = concat(head);
      if (looksLikeEnvelope(first)) {
        const headerLength = Buffer.from(first).readUInt32BE(MAGIC.length + 1);
        const needed = Math.min(HEADER_PREFIX + headerLength + TAG_LENGTH, MAX_HEADER_READ);
        while (!done && headBytes < needed) await pull();
        first = concat(head);
        let recipients: string[] = [];
        try {
          recipients = envelopeRecipients(first).map((r) => r.id.toLowerCase());
        } catch {
          // A malformed envelope names nobody: only the author of its anchor may fetch it.
        }
        const who = await optionalSession(req, secret);
        if (!who) throw unauthorized(`Content ${cid} is encrypted: sign in as one of its recipients to download it`);
        if (!recipients.includes(who) && !isAuthorOfCid(db, cid, who)) {
          throw forbidden(`${who} is not a recipient of the encrypted content ${cid}`);
        }
      }
      res.status(200);
      res.setHeader("Content-Type", "application/octet-stream");
      res.setHeader("Content-Length", String(stat.size));
      res.setHeader("Cache-Control", "private, max-age=0");
      async function* rest(): AsyncGenerator<Uint8Array> {
        if (first.byteLength > 0) yield first;
        while (true) {
          const next = await iterator.next();
          if (next.done) return;
          yield next.value;
        }
      }
      await pipeline(Readable.from(rest()), res);
    } catch (err) {
      controller.abort();
      if (err instanceof ApiError) throw err;
      if (res.headersSent) {
        res.destroy(err as Error);
        return;
      }
      storeErrorToApi(err, cid);
    }
  };
}

export function mountDocuments(router: Router, { db, config, store }: ApiDeps): void {
  const secret = config.session.secret;
  mount(router, listDocumentsRoute, ({ params, query }) => listDocuments(db, existing(db, params.id), query.status));
  mount(router, getDocumentRoute, ({ params }) => {
    const found = getDocument(db, existing(db, params.id), params.docId);
    if (!found) throw notFound(`Cluster ${params.id} has no document ${params.docId}`);
    return found;
  });
  mount(router, verifyRoute, async ({ params, req, res }) => {
    const clusterId = existing(db, params.id);
    const maxBytes = config.contentStore.maxBytes;
    refuseAnnouncedOversize(req, res, maxBytes);
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
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
  router.get(downloadRoute.path, download(db, store, secret));
}

