import { readFile } from "node:fs/promises";
import { HDNodeWallet, Mnemonic, Wallet, computeAddress } from "ethers";

/**
 * Operator keys (the deployer's, the clearing operator's): where they come from and which are
 * refused. Shared by the backend and deploy/; it imports neither scripts/ nor deploy/.
 */

/** The mnemonic of `hardhat node`'s funded accounts: published, so for the local chain only. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** The chain id of the local `hardhat node`: the one chain where the well-known keys may sign. */
export const LOCAL_CHAIN_ID = 31337;

/** How many of the mnemonic's accounts hardhat funds (and a demo may use). */
const WELL_KNOWN_ACCOUNTS = 20;

/** Account `index` of the well-known mnemonic (#0 is the local CDC). */
export function wellKnownAccount(index: number): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`);
}

let wellKnown: Set<string> | undefined;

/** True for an address of the well-known development mnemonic (lowercase or checksummed). */
export function isWellKnownAddress(address: string): boolean {
  wellKnown ??= new Set(Array.from({ length: WELL_KNOWN_ACCOUNTS }, (_, i) => wellKnownAccount(i).address.toLowerCase()));
  return wellKnown.has(address.toLowerCase());
}

export class KeyError extends Error {}

/**
 * Refuses a well-known development key on any chain but the local one: anyone can sign with it.
 * `role` names the key in the message ("deployer", "clearing operator"); the key itself never
 * appears. An unknown chain (null) is not the local one.
 */
export function refuseWellKnownKey(address: string, chainId: number | bigint | null, role: string): void {
  if ((chainId !== null && Number(chainId) === LOCAL_CHAIN_ID) || !isWellKnownAddress(address)) return;
  const where = chainId === null ? "on a chain that did not say its id" : `on chain ${chainId}`;
  throw new KeyError(
    `The ${role} key (${address}) is one of the well-known development accounts of the public test mnemonic, which anyone can sign with: it is refused ${where} (only the local chain ${LOCAL_CHAIN_ID} accepts it). Use a key of your own.`,
  );
}

/** The order of secp256k1: a private key is a number from 1 to n - 1. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A 32-byte hex key (0x optional) that secp256k1 accepts, normalised to 0x-prefixed lowercase; null otherwise. */
export function normalisePrivateKey(text: string): string | null {
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(text)) return null;
  const key = (text.startsWith("0x") ? text : `0x${text}`).toLowerCase();
  const k = BigInt(key);
  return k > 0n && k < SECP256K1_N ? key : null;
}

export interface KeySource {
  /** A private key (hex). */
  key?: string;
  /** A file holding a private key (hex) or an encrypted JSON keystore. */
  keyFile?: string;
  /** The keystore's password, when keyFile is a keystore. */
  password?: string;
  /** How the settings are named in messages, e.g. { key: "CLUSTER_DEPLOYER_KEY", keyFile: "--key-file" }. */
  names: { key: string; keyFile: string; password: string };
}

/**
 * The private key a source names: given directly, or read from a file holding it in hex or as an
 * encrypted JSON keystore (decrypted with the password). Errors name the setting and the file,
 * never a key, a file's content or a password.
 */
export async function loadPrivateKey(source: KeySource): Promise<string> {
  const { names } = source;
  if (source.key !== undefined && source.keyFile !== undefined) {
    throw new KeyError(`Set either ${names.key} or ${names.keyFile}, not both`);
  }
  if (source.key !== undefined) {
    const key = normalisePrivateKey(source.key.trim());
    if (!key) throw new KeyError(`${names.key} is not a private key (32 bytes as 64 hex digits, below the curve order)`);
    return key;
  }
  if (source.keyFile === undefined) throw new KeyError(`No key: set ${names.key} or ${names.keyFile}`);
  let text: string;
  try {
    text = (await readFile(source.keyFile, "utf8")).trim();
  } catch (err) {
    throw new KeyError(`${names.keyFile}: cannot read ${source.keyFile} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (text.startsWith("{")) {
    if (source.password === undefined) throw new KeyError(`${source.keyFile} is a keystore: set ${names.password}`);
    try {
      return (await Wallet.fromEncryptedJson(text, source.password)).privateKey.toLowerCase();
    } catch {
      throw new KeyError(`${names.keyFile}: cannot decrypt the keystore ${source.keyFile} with ${names.password} (wrong password or not a keystore)`);
    }
  }
  const key = normalisePrivateKey(text);
  if (!key) throw new KeyError(`${names.keyFile}: ${source.keyFile} holds neither a private key (64 hex digits) nor a JSON keystore`);
  return key;
}

/** The address of a private key. */
export function addressOf(privateKey: string): string {
  return computeAddress(privateKey);
}
