import { getAddress, isAddress, ZeroAddress } from "ethers";
import { CID } from "multiformats/cid";

/** Problems found in a form, keyed by field id; the same ids name the inputs. */
export type FieldErrors = Record<string, string>;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A checksummed address, or an error message fit for the person typing it. */
export function parseAddress(raw: string, label: string, { allowEmpty = false } = {}): { address?: string; error?: string } {
  const text = raw.trim();
  if (text === "") return allowEmpty ? { address: ZeroAddress } : { error: `${label} is required.` };
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return { error: `${label} must be a 0x-prefixed address of 40 hex digits.` };
  // Mixed case carries an EIP-55 checksum; a wrong one usually means a mistyped address.
  if (!isAddress(text)) return { error: `${label} has an invalid checksum; check for a typing mistake.` };
  const address = getAddress(text);
  if (!allowEmpty && address === ZeroAddress) return { error: `${label} must not be the zero address.` };
  return { address };
}

/** A content identifier (CIDv0 "Qm…" or CIDv1 "b…"), as the content store names a document; empty when allowed. */
export function parseCid(raw: string, label: string, { allowEmpty = true } = {}): { cid?: string; error?: string } {
  const text = raw.trim();
  if (text === "") return allowEmpty ? { cid: "" } : { error: `${label} is required.` };
  try {
    CID.parse(text);
    return { cid: text };
  } catch {
    return {
      error: `${label} must be a content identifier (CID) of the stored document, such as Qm… (46 characters) or b…; “${text.slice(0, 20)}${text.length > 20 ? "…" : ""}” is not one.`,
    };
  }
}
