import { Wallet, type JsonRpcProvider, type Signer } from "ethers";
import { loadPrivateKey, refuseWellKnownKey } from "../core/node/keys.js";
import { createProvider } from "../core/chain/provider.js";

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
    throw new Error(`Cannot reach the JSON-RPC node at ${rpcUrl}: ${(err as Error).message}`, { cause: err });
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

/**
 * The operator's wallet, signing locally: Besu has no eth_sendTransaction. The well-known
 * development keys are refused on any chain but the local one.
 */
export async function loadSigner(source: KeySource, provider: JsonRpcProvider): Promise<Signer> {
  const key = await loadPrivateKey({
    key: source.key || undefined,
    keyFile: source.key ? undefined : source.keyFile,
    password: source.password,
    names: { key: "CLUSTER_DEPLOYER_KEY", keyFile: "--key-file", password: "CLUSTER_KEYSTORE_PASSWORD" },
  });
  const wallet = new Wallet(key, provider);
  refuseWellKnownKey(wallet.address, (await provider.getNetwork()).chainId, "deployer");
  return wallet;
}
