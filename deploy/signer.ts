import { readFile } from "node:fs/promises";
import { JsonRpcProvider, Wallet, type Signer } from "ethers";

/**
 * A JSON-RPC provider tuned for a private chain: the network is fixed (no eth_chainId per
 * call) and receipts are polled every 100 ms, not every 4 s (about 10x the throughput).
 */
export async function connectProvider(rpcUrl: string): Promise<JsonRpcProvider> {
  const probe = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  const network = await probe.getNetwork().catch((err: Error) => {
    throw new Error(`Cannot reach the JSON-RPC node at ${rpcUrl}: ${err.message}`);
  });
  probe.destroy();
  const provider = new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, pollingInterval: 100 });
  provider.pollingInterval = 100;
  return provider;
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
