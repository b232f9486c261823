import type { CID } from "multiformats/cid";
import { equals } from "multiformats/bytes";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import { ContentIntegrityError } from "./errors.js";

/**
 * Checks that bytes are the block a CID names, by rehashing them with the CID's hash
 * function. Content addressing only protects a reader who checks: a block file edited on
 * disk, or a misbehaving remote node, is caught here before its bytes reach anyone.
 * Kubo's defaults only ever produce SHA2-256; identity is accepted because it is trivially
 * checkable; anything else is refused rather than trusted.
 */
export async function verifyBlock(root: string, cid: CID, bytes: Uint8Array): Promise<void> {
  const code = cid.multihash.code;
  let digest: Uint8Array;
  if (code === sha256.code) digest = (await sha256.digest(bytes)).digest;
  else if (code === identity.code) digest = identity.digest(bytes).digest;
  else throw new ContentIntegrityError(root, cid.toString(), `uses hash function 0x${code.toString(16)}, which this store cannot verify`);
  if (!equals(digest, cid.multihash.digest)) throw new ContentIntegrityError(root, cid.toString());
}
