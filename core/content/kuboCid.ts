import { MemoryBlockstore } from "blockstore-core/memory";
import { importer } from "ipfs-unixfs-importer";
import { kuboImporterOptions } from "./kuboDefaults.js";

/**
 * The CID `ipfs add` on a default Kubo node gives for these bytes (the embedded store's
 * parameters), so content keeps its CID when it moves into any store.
 */
export async function kuboCid(bytes: Uint8Array): Promise<string> {
  let cid: string | undefined;
  for await (const entry of importer([{ content: bytes }], new MemoryBlockstore(), kuboImporterOptions())) cid = entry.cid.toString();
  if (!cid) throw new Error("The UnixFS importer produced no CID");
  return cid;
}
