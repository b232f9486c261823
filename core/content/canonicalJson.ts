/**
 * Canonical JSON bytes: keys sorted at every level, undefined members dropped, no whitespace, so
 * one value has one byte form and therefore one CID (manifests, settings documents).
 */
export function canonicalJson(value: unknown): Uint8Array {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return new TextEncoder().encode(JSON.stringify(sort(value)));
}
