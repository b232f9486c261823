import { getBytes, hexlify } from "ethers";
import { base58btc } from "multiformats/bases/base58";
import { CID } from "multiformats/cid";

// The chain keeps a document's CIDv0 as the 32-byte SHA-256 digest of its multihash (bytes32);
// these two are the only translation between the two forms.

/** The 32-byte SHA-256 digest of a CIDv0 (Qm…), as the contracts take it (0x hex). */
export function cidDigest(cid: string): string {
  const parsed = CID.parse(cid);
  if (parsed.version !== 0) throw new Error(`Expected a CIDv0 (Qm…), got ${cid}`);
  return hexlify(parsed.multihash.digest);
}

/** The CIDv0 whose multihash is sha2-256 of `digest`: base58btc(0x12 0x20 || digest), "Qm…". */
export function cidFromDigest(digest: string): string {
  const bytes = getBytes(digest);
  if (bytes.length !== 32) throw new Error(`Expected a 32-byte digest, got ${bytes.length} bytes`);
  const multihash = new Uint8Array(34);
  multihash[0] = 0x12;
  multihash[1] = 0x20;
  multihash.set(bytes, 2);
  // CIDv0 is the bare base58btc multihash, without the multibase prefix "z".
  return base58btc.baseEncode(multihash);
}
