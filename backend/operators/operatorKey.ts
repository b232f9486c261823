import type { JsonRpcProvider } from "ethers";
import { addressOf, isWellKnownAddress, KeyError, loadPrivateKey, refuseWellKnownKey } from "../../core/node/keys.js";

/**
 * The configuration cannot run safely (the deployment record does not describe the chain, or an
 * operator key is unusable or a well-known one off the local chain): nothing was started or changed.
 */
export class StartupError extends Error {}

export interface OperatorKeySource {
  key: string | null;
  /** Hex, or an encrypted JSON keystore opened with the keystore password. */
  keyFile: string | null;
  /** The variable naming the key; its file is `${variable}_FILE`. */
  variable: string;
  role: string;
}

/**
 * An operator's key, null when none is set. A well-known development key is refused unless the
 * chain is the local one; when the chain cannot say which it is, such a key is refused too.
 */
export async function operatorKey(
  provider: JsonRpcProvider,
  recordChainId: number | undefined,
  password: string | null,
  source: OperatorKeySource,
): Promise<string | null> {
  if (!source.key && !source.keyFile) return null;
  let key: string;
  try {
    key = await loadPrivateKey({
      key: source.key ?? undefined,
      keyFile: source.keyFile ?? undefined,
      password: password ?? undefined,
      names: { key: source.variable, keyFile: `${source.variable}_FILE`, password: "CLUSTER_KEYSTORE_PASSWORD" },
    });
  } catch (err) {
    throw err instanceof KeyError ? new StartupError(`Refusing to start: ${err.message}`) : err;
  }
  const address = addressOf(key);
  if (isWellKnownAddress(address)) {
    const chainId =
      recordChainId ??
      (await provider.send("eth_chainId", []).then(
        (id: string) => Number(BigInt(id)),
        () => null,
      ));
    try {
      refuseWellKnownKey(address, chainId, source.role);
    } catch (err) {
      throw new StartupError(`Refusing to start: ${(err as Error).message}`);
    }
  }
  return key;
}
