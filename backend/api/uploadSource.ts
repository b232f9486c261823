import busboy from "busboy";
import type { Request } from "express";
import { badRequest } from "./errors.js";

/** The form field a multipart upload carries its file in. */
export const UPLOAD_FIELD = "file";

/** True when the request body is an HTML form (multipart/form-data) rather than the raw file. */
export function isMultipart(req: Request): boolean {
  return (req.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/**
 * The uploaded file's bytes as they arrive: the raw body, or the `file` part of a multipart
 * form, streamed by busboy without buffering the whole file. Other fields are skipped; a form
 * without a `file` part, or with a second file, is a 400.
 */
export async function* uploadedBytes(req: Request): AsyncGenerator<Buffer> {
  if (!isMultipart(req)) {
    yield* req as AsyncIterable<Buffer>;
    return;
  }
  const file = await firstFile(req);
  yield* file;
}

function firstFile(req: Request): Promise<AsyncIterable<Buffer>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 16 } });
    } catch (err) {
      reject(badRequest(`Malformed multipart upload: ${(err as Error).message}`));
      return;
    }
    let found = false;
    parser.on("file", (name, stream) => {
      if (name !== UPLOAD_FIELD || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve(stream);
    });
    parser.on("filesLimit", () => reject(badRequest(`Send one file per upload, in the "${UPLOAD_FIELD}" field`)));
    parser.on("error", (err: Error) => reject(badRequest(`Malformed multipart upload: ${err.message}`)));
    parser.on("close", () => {
      if (!found) reject(badRequest(`The multipart upload has no "${UPLOAD_FIELD}" file part; nothing was stored`));
    });
    req.pipe(parser);
  });
}
