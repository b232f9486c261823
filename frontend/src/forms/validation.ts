import { getAddress, isAddress, ZeroAddress } from "ethers";

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
