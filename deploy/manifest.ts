import { MemoryBlockstore } from "blockstore-core/memory";
import { importer } from "ipfs-unixfs-importer";
import { kuboImporterOptions } from "../backend/storage/kubo-defaults.js";

/**
 * The CID `ipfs add` on a default Kubo node gives for these bytes (the embedded store's
 * parameters), so a manifest keeps its CID when it moves into any store.
 */
export async function kuboCid(bytes: Uint8Array): Promise<string> {
  let cid: string | undefined;
  for await (const entry of importer([{ content: bytes }], new MemoryBlockstore(), kuboImporterOptions())) cid = entry.cid.toString();
  if (!cid) throw new Error("The UnixFS importer produced no CID");
  return cid;
}

/** Canonical JSON bytes of a manifest: sorted keys, so the same manifest always hashes the same. */
export function manifestBytes(manifest: Record<string, unknown>): Uint8Array {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)]))
        : v;
  return new TextEncoder().encode(JSON.stringify(sort(manifest)));
}
