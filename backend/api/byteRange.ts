/**
 * A request's single byte range (RFC 9110 §14) against content of `size` bytes. Only what the
 * download endpoint offers: one range, in bytes. A header it does not understand (another unit,
 * several ranges, bad syntax, last < first) is ignored, as the RFC allows: the whole content.
 */
export type ByteRange = { kind: "whole" } | { kind: "slice"; first: number; last: number } | { kind: "unsatisfiable" };

const SINGLE = /^bytes=(\d*)-(\d*)$/i;

/**
 * @param ifRange the If-Range header: a range is honoured only when it names `etag` (the content
 *   is addressed by its CID, so the strong tag never changes; a date or another tag means "send it all").
 */
export function byteRange(header: string | undefined, size: number, ifRange?: string, etag?: string): ByteRange {
  if (header === undefined) return { kind: "whole" };
  if (ifRange !== undefined && ifRange.trim() !== etag) return { kind: "whole" };
  const match = SINGLE.exec(header.replace(/\s+/g, ""));
  if (!match || (match[1] === "" && match[2] === "")) return { kind: "whole" };
  if (match[1] === "") {
    // bytes=-n: the last n bytes.
    const n = Number(match[2]);
    if (n === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "slice", first: Math.max(0, size - n), last: size - 1 };
  }
  const first = Number(match[1]);
  if (match[2] !== "" && Number(match[2]) < first) return { kind: "whole" };
  if (first >= size) return { kind: "unsatisfiable" };
  const last = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return { kind: "slice", first, last };
}
