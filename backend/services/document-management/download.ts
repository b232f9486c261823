import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Request, RequestHandler, Router } from "express";
import type { Db } from "../../db/db.js";
import { z } from "zod";
import { bearerSession } from "../../auth/middleware.js";
import { envelopeRecipients } from "../../../core/crypto/envelope.js";
import { envelopeHeadLength, looksLikeEnvelope, PREFIX_LENGTH } from "../../../core/crypto/envelopeFormat.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { ContentNotFoundError, ContentTooLargeError, InvalidCidError } from "../../storage/errors.js";
import { accessGuard } from "../../api/access.js";
import { byteRange } from "../../api/byteRange.js";
import type { ApiDeps } from "../../api/deps.js";
import { ApiError, badRequest, forbidden, notFound, unauthorized } from "../../api/errors.js";
import { isMemberWhereUploaded, isUploaderOf } from "./documents.js";
import { defineRoute } from "../../api/route.js";
import { contentParams } from "../../../core/api/schemas/documents.js";

export const downloadRoute = defineRoute({
  method: "get",
  path: "/api/content/:cid",
  tag: "documents",
  summary:
    "Streams stored content (application/octet-stream), every block read verified against its CID; a session (bearer token) " +
    "is required. An encrypted envelope is served only to its recipients and to an account that uploaded it; plaintext only " +
    "to its uploader and to current members of a cluster it was uploaded to. Anchoring a CID grants nothing. A single byte range " +
    "(Range: bytes=a-b, bytes=a-, bytes=-n) answers 206 with Content-Range; a range past the end 416",
  params: contentParams,
  headers: z.object({
    range: z.string().optional().describe("One byte range: bytes=first-last, bytes=first- or bytes=-suffixLength"),
    "if-range": z.string().optional().describe('The ETag ("<cid>"): the range is served only if it still names this content'),
  }),
  produces: "application/octet-stream",
  byteRanges: true,
  response: z.string().meta({ format: "binary", description: "The content's bytes (or the requested slice)" }),
  access: "signedIn",
  audience:
    "An encrypted envelope: its recipients and an account that uploaded it. Plaintext: its uploader and current members of a cluster it was uploaded to.",
  errors: ["bad_request", "unauthorized", "forbidden", "not_found", "range_not_satisfiable"],
});

export function storeErrorToApi(err: unknown, cid?: string): never {
  if (err instanceof ContentTooLargeError) {
    throw new ApiError("payload_too_large", `The file exceeds the limit of ${err.limit} bytes; nothing was stored`);
  }
  if (err instanceof ContentNotFoundError) throw notFound(`Content ${cid ?? err.cid} is not in the content store`);
  if (err instanceof InvalidCidError) throw badRequest(err.message);
  throw err;
}

/** Who asks, when a bearer token is sent; a malformed header or a bad token is refused rather than ignored. */
async function callerOf(req: Request, secret: string): Promise<string | undefined> {
  const header = req.get("authorization");
  if (header && !/^Bearer\s+\S+$/i.test(header)) throw unauthorized("The Authorization header must be Bearer <token>");
  return (await bearerSession(req, secret))?.address; // lowercase: verifySessionToken checks it
}

/** The first verified bytes of the content (enough to tell an envelope and read its recipients) and the rest of the stream. */
async function readHead(iterator: AsyncIterator<Uint8Array>): Promise<{ first: Uint8Array; iterator: AsyncIterator<Uint8Array> }> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  const pull = async (until: number) => {
    while (!done && headBytes < until) {
      const next = await iterator.next();
      if (next.done) done = true;
      else {
        head.push(next.value);
        headBytes += next.value.byteLength;
      }
    }
  };
  await pull(PREFIX_LENGTH);
  let first: Uint8Array = Buffer.concat(head);
  if (looksLikeEnvelope(first)) {
    await pull(envelopeHeadLength(first));
    first = Buffer.concat(head);
  }
  return { first, iterator };
}

/**
 * An envelope goes only to its recipients and to an account that uploaded it; plaintext only to
 * its uploader and to current members of a cluster it was uploaded to. Both need a session.
 * Authorship comes from the upload record, never from an anchor: anyone may anchor any CID.
 */
async function authorize(db: Db, req: Request, secret: string, cid: string, first: Uint8Array): Promise<void> {
  const who = await callerOf(req, secret);
  if (!looksLikeEnvelope(first)) {
    if (!who) throw unauthorized(`Sign in to download content ${cid}: it is served to its uploader and the members of the clusters it was uploaded to`);
    if (!(await isUploaderOf(db, cid, who)) && !(await isMemberWhereUploaded(db, cid, who))) {
      throw forbidden(`${who} neither uploaded content ${cid} nor is a member of a cluster it was uploaded to`);
    }
    return;
  }
  let recipients: string[] = [];
  try {
    recipients = envelopeRecipients(first).map((r) => r.id.toLowerCase());
  } catch {
    // A malformed envelope names nobody: only its uploader may fetch it.
  }
  if (!who) throw unauthorized(`Content ${cid} is encrypted: sign in as one of its recipients to download it`);
  if (!recipients.includes(who) && !(await isUploaderOf(db, cid, who))) throw forbidden(`${who} is not a recipient of the encrypted content ${cid}`);
}

async function* chain(first: Uint8Array, iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (first.byteLength > 0) yield first;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}

/**
 * Streams content, first reading just enough of it to tell an envelope (and its recipients)
 * from plaintext, so the recipient check happens before any byte is sent. A range is then
 * read afresh from the store at its offset (the store verifies every block it reads), unless
 * the verified head already holds it.
 */
function download(db: Db, store: ContentStore, secret: string): RequestHandler {
  return async (req, res) => {
    const parsed = contentParams.safeParse(req.params);
    if (!parsed.success) throw badRequest("Invalid path parameters: cid must be a CID");
    const cid = parsed.data.cid;
    const stat = await store.stat(cid).catch((err: unknown) => storeErrorToApi(err, cid));
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    try {
      const { first, iterator } = await readHead(store.cat(cid, { signal: controller.signal })[Symbol.asyncIterator]());
      await authorize(db, req, secret, cid, first);
      const etag = `"${cid}"`;
      res.setHeader("Accept-Ranges", "bytes");
      res.setHeader("ETag", etag);
      res.setHeader("Cache-Control", "private, max-age=0");
      const range = byteRange(req.get("range"), stat.size, req.get("if-range"), etag);
      if (range.kind === "unsatisfiable") {
        res.setHeader("Content-Range", `bytes */${stat.size}`);
        throw new ApiError("range_not_satisfiable", `The range ${req.get("range")} lies outside the content's ${stat.size} bytes`);
      }
      let body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
      if (range.kind === "whole") {
        res.status(200);
        res.setHeader("Content-Length", String(stat.size));
        body = chain(first, iterator);
      } else {
        await iterator.return?.();
        const length = range.last - range.first + 1;
        res.status(206);
        res.setHeader("Content-Range", `bytes ${range.first}-${range.last}/${stat.size}`);
        res.setHeader("Content-Length", String(length));
        body =
          range.last < first.byteLength
            ? [first.subarray(range.first, range.last + 1)]
            : store.cat(cid, { signal: controller.signal, offset: range.first, length });
      }
      res.setHeader("Content-Type", "application/octet-stream");
      await pipeline(Readable.from(body), res);
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

/** Streams its own response (not through mount), behind the same access guard. */
export function mountDownload(router: Router, deps: ApiDeps, store: ContentStore): void {
  router.get(downloadRoute.path, ...accessGuard(deps, downloadRoute.access), download(deps.db, store, deps.config.session.secret));
}
