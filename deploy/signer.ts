import { readFile } from "node:fs/promises";
import { Wallet, type JsonRpcProvider, type Signer } from "ethers";
import { createProvider } from "../backend/chain/provider.js";

/**
 * The backend's tuned provider (static network, short polling). The chain id is asked once
 * with a plain request, because ethers retries an unreachable node forever instead of failing.
 */
export async function connectProvider(rpcUrl: string): Promise<JsonRpcProvider> {
  let chainId: number;
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(10_000),
    });
    chainId = Number(((await res.json()) as { result: string }).result);
  } catch (err) {
    throw new Error(`Cannot reach the JSON-RPC node at ${rpcUrl}: ${(err as Error).message}`);
  }
  return createProvider(rpcUrl, { chainId, pollMs: 100 });
}

export interface KeySource {
  /** A 0x-prefixed private key. */
  key?: string;
  /** A file holding a private key (hex) or an encrypted JSON keystore. */
  keyFile?: string;
  /** The keystore's password, when keyFile is a keystore. */
  password?: string;
}

/** The operator's wallet, signing locally: Besu has no eth_sendTransaction. */
export async function loadSigner(source: KeySource, provider: JsonRpcProvider): Promise<Signer> {
  if (source.key) return new Wallet(source.key, provider);
  if (!source.keyFile) throw new Error("No deployer key: pass --key-file FILE or set CLUSTER_DEPLOYER_KEY");
  const text = (await readFile(source.keyFile, "utf8")).trim();
  if (text.startsWith("{")) {
    if (source.password === undefined) throw new Error(`${source.keyFile} is a keystore: set CLUSTER_KEYSTORE_PASSWORD`);
    return (await Wallet.fromEncryptedJson(text, source.password)).connect(provider);
  }
  return new Wallet(text.startsWith("0x") ? text : `0x${text}`, provider);
}
