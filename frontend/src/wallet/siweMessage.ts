import { getAddress } from "ethers";

export interface SiweFields {
  domain: string;
  address: string;
  statement: string;
  uri: string;
  chainId: number;
  nonce: string;
  issuedAt: Date;
  expirationTime?: Date;
}

/**
 * The EIP-4361 ("Sign-In with Ethereum") message, in the exact line layout the standard's
 * ABNF requires: verifiers re-parse it, so a stray space or a lowercase address fails sign-in.
 */
export function buildSiweMessage(fields: SiweFields): string {
  if (/[\r\n]/.test(fields.statement)) throw new Error("A SIWE statement must be a single line");
  const lines = [
    `${fields.domain} wants you to sign in with your Ethereum account:`,
    getAddress(fields.address),
    "",
    fields.statement,
    "",
    `URI: ${fields.uri}`,
    "Version: 1",
    `Chain ID: ${fields.chainId}`,
    `Nonce: ${fields.nonce}`,
    `Issued At: ${fields.issuedAt.toISOString()}`,
  ];
  if (fields.expirationTime) lines.push(`Expiration Time: ${fields.expirationTime.toISOString()}`);
  return lines.join("\n");
}
