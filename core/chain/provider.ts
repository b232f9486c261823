import { FeeData, FetchRequest, JsonRpcProvider, Network } from "ethers";

/** How long one JSON-RPC request may take before it counts as failed (ethers' default is 5 minutes). */
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

export interface ProviderOptions {
  /** When known (from the deployment record) no eth_chainId round trip is ever made. */
  chainId?: number;
  /** How often ethers polls for receipts and blocks; its 4 s default caps writes near 9 tx/s. */
  pollMs?: number;
  /** A hung node fails calls after this long instead of holding them for minutes. */
  timeoutMs?: number;
}

/**
 * A free-gas network (Besu's `zeroBaseFee` with `--min-gas-price=0`) has a zero base fee: every
 * write then states zero fees itself. ethers would otherwise add the node's suggested priority
 * fee, which an account holding no ether cannot pay.
 */
class PlatformProvider extends JsonRpcProvider {
  override async getFeeData(): Promise<FeeData> {
    const latest = await this.getBlock("latest");
    if (latest?.baseFeePerGas === 0n) return new FeeData(0n, 0n, 0n);
    return super.getFeeData();
  }
}

/**
 * The one JSON-RPC connection of the backend: a static network (no eth_chainId before every
 * call) and short polling, as DESIGN.md measured. Requests issued in the same tick are sent
 * as one JSON-RPC batch, which the indexer relies on to fetch many block headers at once. Fees
 * are zero on a free-gas network (PlatformProvider).
 */
export function createProvider(rpcUrl: string, opts: ProviderOptions = {}): JsonRpcProvider {
  const network = opts.chainId === undefined ? undefined : Network.from(opts.chainId);
  const request = new FetchRequest(rpcUrl);
  request.timeout = opts.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  const provider = new PlatformProvider(request, network, {
    staticNetwork: network ?? true,
    pollingInterval: opts.pollMs ?? 250,
    // The indexer asks for the head block on every poll and must see a fresh value.
    cacheTimeout: -1,
    batchMaxCount: 100,
  });
  return provider;
}
