import type { ContentSource } from "./contentStore.js";
import { ContentTooLargeError } from "./errors.js";

/** Byte counter shared between the limiter and the caller, which reports the stored size. */
export interface ByteCount {
  bytes: number;
}

/**
 * Passes content through as a stream of chunks, counting bytes, and throws
 * ContentTooLargeError as soon as the count passes maxBytes, so an oversized upload is cut
 * off after at most one chunk beyond the limit instead of being read to the end. Content
 * given as one array is refused before anything is read. Checking the abort signal per
 * chunk is what makes an import stop when its client goes away (the importer takes none).
 */
export async function* limitSize(content: ContentSource, maxBytes: number, count: ByteCount, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (content instanceof Uint8Array) {
    if (content.byteLength > maxBytes) throw new ContentTooLargeError(maxBytes, content.byteLength);
    count.bytes = content.byteLength;
    if (content.byteLength > 0) yield content;
    return;
  }
  for await (const chunk of content) {
    signal?.throwIfAborted();
    count.bytes += chunk.byteLength;
    if (count.bytes > maxBytes) throw new ContentTooLargeError(maxBytes, count.bytes);
    yield chunk;
  }
}

export function assertValidLimit(maxBytes: number): number {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
    throw new RangeError(`The content size limit must be a non-negative integer number of bytes, got ${maxBytes}`);
  return maxBytes;
}
