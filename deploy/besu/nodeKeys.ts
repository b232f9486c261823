import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { computeAddress, SigningKey, Wallet } from "ethers";

/** A node's identity: its secp256k1 key gives its enode id and, for a validator, its validator address. */
export interface NodeKey {
  /** 0x-prefixed hex; absent for a validator organisation that gave only its public key. */
  privateKey?: string;
  /** The uncompressed public key without its 04 prefix: the enode id (128 hex digits, no 0x). */
  enodeId: string;
  address: string;
}

/** The identity of a public key given as 0x04…, 04…, or the bare 64 bytes (an enode id). */
export function nodeKeyFromPublic(publicKey: string): NodeKey {
  const hex = publicKey.replace(/^0x/, "").toLowerCase();
  const full = hex.length === 128 ? `0x04${hex}` : `0x${hex}`;
  if (!/^0x04[0-9a-f]{128}$/.test(full)) throw new Error(`Not an uncompressed secp256k1 public key: ${publicKey}`);
  const uncompressed = SigningKey.computePublicKey(full, false); // also checks the point is on the curve
  return { enodeId: uncompressed.slice(4), address: computeAddress(uncompressed) };
}

export function nodeKeyFromPrivate(privateKey: string): NodeKey {
  const key = new SigningKey(privateKey);
  return { privateKey: key.privateKey, ...nodeKeyFromPublic(key.publicKey) };
}

export function generateNodeKey(): NodeKey {
  return nodeKeyFromPrivate(Wallet.createRandom().privateKey);
}

/**
 * Writes a node's key as Besu reads it (`--node-private-key-file`: the 0x-prefixed hex private
 * key), readable by its owner only, and its public key beside it.
 */
export async function writeNodeKey(dir: string, key: NodeKey): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (key.privateKey) {
    await writeFile(join(dir, "key"), key.privateKey, { mode: 0o600 });
    await chmod(join(dir, "key"), 0o600);
  }
  await writeFile(join(dir, "key.pub"), `0x${key.enodeId}`);
}

export async function readNodeKey(dir: string): Promise<NodeKey> {
  return nodeKeyFromPrivate((await readFile(join(dir, "key"), "utf8")).trim());
}

/** `enode://<id>@<host>:<port>`, as Besu's node allowlist and bootnodes take it. */
export function enodeUrl(key: NodeKey, host: string, port: number): string {
  return `enode://${key.enodeId}@${host}:${port}`;
}
