import busboy from "busboy";
import type { Request } from "express";
import { badRequest } from "./errors.js";

/** The form field a multipart upload carries its file in. */
export const UPLOAD_FIELD = "file";

/** True when the request body is an HTML form (multipart/form-data) rather than the raw file. */
export function isMultipart(req: Request): boolean {
  return (req.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/** An upload opened for reading: the text fields sent before the file, and the file's bytes as they arrive. */
export interface OpenedUpload {
  /** Text fields of a multipart form that came before the file part (empty for a raw body). */
  fields: Map<string, string>;
  bytes: AsyncIterable<Buffer>;
}

/**
 * The uploaded file's bytes as they arrive: the raw body, or the `file` part of a multipart
 * form, streamed by busboy without buffering the whole file. Other fields are skipped; a form
 * without a `file` part, or with a second file, is a 400, and so is a form cut off before its
 * closing boundary (a truncated body), which would otherwise surface as busboy's bare error.
 */
export async function* uploadedBytes(req: Request): AsyncGenerator<Buffer> {
  yield* (await openUpload(req)).bytes;
}

/** Opens an upload: for a form, resolves once its file part starts (the fields before it are known then). */
export async function openUpload(req: Request): Promise<OpenedUpload> {
  if (!isMultipart(req)) return { fields: new Map(), bytes: req as AsyncIterable<Buffer> };
  return firstFile(req);
}

/** A form's file part, whose stream errors (a truncated form above all) become 400s that say so. */
async function* fileBytes(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* stream;
  } catch (err) {
    throw malformed(err);
  }
}

function malformed(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/unexpected end of (form|file)/i.test(message)) {
    return badRequest("The multipart upload is truncated: it ended before the form's closing boundary; nothing was stored");
  }
  return badRequest(`Malformed multipart upload: ${message}; nothing was stored`);
}

function firstFile(req: Request): Promise<OpenedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 16, fieldSize: 1024 } });
    } catch (err) {
      reject(badRequest(`Malformed multipart upload: ${(err as Error).message}`));
      return;
    }
    const fields = new Map<string, string>();
    let found = false;
    parser.on("field", (name, value) => {
      if (!found) fields.set(name, value);
    });
    parser.on("file", (name, stream) => {
      // A part's stream errors when the form is cut off; whoever reads it hears of it, and one
      // no longer read (a refused upload) must not crash the process with it.
      stream.on("error", () => {});
      if (name !== UPLOAD_FIELD || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve({ fields, bytes: fileBytes(stream) });
    });
    parser.on("filesLimit", () => reject(badRequest(`Send one file per upload, in the "${UPLOAD_FIELD}" field`)));
    parser.on("error", (err: Error) => reject(malformed(err)));
    parser.on("close", () => {
      if (!found) reject(badRequest(`The multipart upload has no "${UPLOAD_FIELD}" file part; nothing was stored`));
    });
    req.pipe(parser);
  });
}
