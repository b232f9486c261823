import { FeeData, FetchRequest, isError, JsonRpcProvider, makeError, Network, type FetchGetUrlFunc, type JsonRpcPayload, type JsonRpcResult } from "ethers";

/** How long one JSON-RPC request may take before it counts as failed (ethers' default is 5 minutes). */
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

export interface ProviderOptions {
  /** When known (from the deployment record) no eth_chainId round trip is ever made. */
  chainId?: number;
  /** How often ethers polls for receipts and blocks; its 4 s default caps writes near 9 tx/s. */
  pollMs?: number;
  /** A hung node fails calls after this long instead of holding them for minutes. */
  timeoutMs?: number;
  /** Told of every JSON-RPC call once it settles (for metrics; the core names no metrics library). */
  onCall?: RpcCallHook;
}

/** How a JSON-RPC call ended: answered, answered with an error (a revert too), or not answered in time. */
export type RpcOutcome = "ok" | "error" | "timeout";

/** Each call of a batch is reported on its own, with the whole batch's round trip as its duration. */
export type RpcCallHook = (method: string, seconds: number, outcome: RpcOutcome) => void;

/**
 * ethers' own HTTP transport grows an answer's body by copying all of it at every chunk, then
 * decodes it one UTF-8 code point at a time: on a 40 MB answer (200 blocks of a busy cluster's
 * eth_getLogs) that is seconds of copying and 3 s of decoding. This one keeps the chunks and joins
 * them once. As ethers', it fails a request after `timeout` ms without a byte from the node.
 */
const getUrl: FetchGetUrlFunc = async (req, signal) => {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, req.timeout);
  };
  signal?.addListener(() => controller.abort());
  arm();
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body ? Buffer.from(req.body) : undefined,
      signal: controller.signal,
    });
    const chunks: Uint8Array[] = [];
    const reader = res.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
      arm();
      chunks.push(read.value);
    }
    return { statusCode: res.status, statusMessage: res.statusText, headers: Object.fromEntries(res.headers), body: Buffer.concat(chunks) };
  } catch (err) {
    if (timedOut) throw makeError("request timeout", "TIMEOUT");
    if (controller.signal.aborted) throw makeError("request cancelled", "CANCELLED");
    throw err;
  } finally {
    clearTimeout(timer);
  }
};

const utf8 = new TextDecoder();

/**
 * A free-gas network (Besu's `zeroBaseFee` with `--min-gas-price=0`) has a zero base fee: every
 * write then states zero fees itself. ethers would otherwise add the node's suggested priority
 * fee, which an account holding no ether cannot pay.
 */
class PlatformProvider extends JsonRpcProvider {
  constructor(
    request: FetchRequest,
    network: Network | undefined,
    options: ConstructorParameters<typeof JsonRpcProvider>[2],
    private readonly onCall?: RpcCallHook,
  ) {
    super(request, network, options);
  }

  override async getFeeData(): Promise<FeeData> {
    const latest = await this.getBlock("latest");
    if (latest?.baseFeePerGas === 0n) return new FeeData(0n, 0n, 0n);
    return super.getFeeData();
  }

  /** As ethers' own, but the answer is decoded by the platform's TextDecoder (see getUrl). */
  private async post(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const request = this._getConnection();
    request.body = JSON.stringify(payload);
    request.setHeader("content-type", "application/json");
    const response = await request.send();
    response.assertOk();
    const answer = JSON.parse(utf8.decode(response.body ?? new Uint8Array())) as JsonRpcResult | JsonRpcResult[];
    return Array.isArray(answer) ? answer : [answer];
  }

  // Every request, batched or not (the network check too), goes through _send: one place to time them all.
  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const hook = this.onCall;
    if (!hook) return this.post(payload);
    const calls = Array.isArray(payload) ? payload : [payload];
    const started = performance.now();
    const report = (outcomeOf: (call: JsonRpcPayload) => RpcOutcome) => {
      const seconds = (performance.now() - started) / 1000;
      for (const call of calls) {
        try {
          hook(call.method, seconds, outcomeOf(call));
        } catch {
          // An observer's failure must never fail the call it observes.
        }
      }
    };
    let answers: JsonRpcResult[];
    try {
      answers = await this.post(payload);
    } catch (err) {
      report(() => (isError(err, "TIMEOUT") ? "timeout" : "error"));
      throw err;
    }
    // The type says results only, but a node answers a failed call with { error } in its place.
    const failed = new Set(answers.filter((a) => "error" in a).map((a) => a.id));
    const answered = new Set(answers.map((a) => a.id));
    report((call) => (answered.has(call.id) && !failed.has(call.id) ? "ok" : "error"));
    return answers;
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
  request.getUrlFunc = getUrl;
  const provider = new PlatformProvider(
    request,
    network,
    {
      staticNetwork: network ?? true,
      pollingInterval: opts.pollMs ?? 250,
      // The indexer asks for the head block on every poll and must see a fresh value.
      cacheTimeout: -1,
      batchMaxCount: 100,
    },
    opts.onCall,
  );
  return provider;
}
