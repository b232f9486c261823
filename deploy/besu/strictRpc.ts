import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A JSON-RPC proxy that forwards only what Hyperledger Besu serves (BESU.md), so a platform run
 * on the embedded Hardhat chain fails where it would fail on Besu: no `eth_sendTransaction` or
 * `eth_sign` (Besu holds no keys), no `personal_*`, and none of Hardhat's own `hardhat_*` and
 * `evm_*`. Tests move the chain's clock through one explicitly named channel, `testchain_*`,
 * which the proxy serves only when started for tests and forwards as Hardhat's `evm_*`.
 */

/** Methods of Besu's ETH, NET and WEB3 groups that the platform may use. */
const BESU_METHODS = new Set([
  "eth_accounts",
  "eth_blockNumber",
  "eth_call",
  "eth_chainId",
  "eth_coinbase",
  "eth_createAccessList",
  "eth_estimateGas",
  "eth_feeHistory",
  "eth_gasPrice",
  "eth_getBalance",
  "eth_getBlockByHash",
  "eth_getBlockByNumber",
  "eth_getBlockReceipts",
  "eth_getBlockTransactionCountByHash",
  "eth_getBlockTransactionCountByNumber",
  "eth_getCode",
  "eth_getFilterChanges",
  "eth_getFilterLogs",
  "eth_getLogs",
  "eth_getProof",
  "eth_getStorageAt",
  "eth_getTransactionByBlockHashAndIndex",
  "eth_getTransactionByBlockNumberAndIndex",
  "eth_getTransactionByHash",
  "eth_getTransactionCount",
  "eth_getTransactionReceipt",
  "eth_maxPriorityFeePerGas",
  "eth_mining",
  "eth_newBlockFilter",
  "eth_newFilter",
  "eth_newPendingTransactionFilter",
  "eth_protocolVersion",
  "eth_sendRawTransaction",
  "eth_syncing",
  "eth_uninstallFilter",
  "net_listening",
  "net_peerCount",
  "net_version",
  "web3_clientVersion",
  "web3_sha3",
]);

/** Besu's operations groups, whole (QBFT, ADMIN, PERM, TXPOOL, DEBUG). */
const BESU_GROUPS = ["qbft_", "admin_", "perm_", "txpool_", "debug_"];

/** The test-only channel: testchain_<x> reaches Hardhat's evm_<x>, for these x only. */
const TEST_CHANNEL = new Set(["increaseTime", "mine", "setAutomine", "setNextBlockTimestamp"]);

export const TEST_CHANNEL_PREFIX = "testchain_";

interface RpcRequest {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

/** Where a method goes: forwarded as itself, forwarded as Hardhat's, or refused with the reason. */
export function route(method: unknown, testChannel: boolean): { forward: string } | { refuse: string } {
  if (typeof method !== "string") return { refuse: "a JSON-RPC request needs a method" };
  if (BESU_METHODS.has(method) || BESU_GROUPS.some((g) => method.startsWith(g))) return { forward: method };
  if (method.startsWith(TEST_CHANNEL_PREFIX)) {
    const name = method.slice(TEST_CHANNEL_PREFIX.length);
    if (!testChannel) return { refuse: `${method} is the tests' channel, closed on this proxy` };
    if (TEST_CHANNEL.has(name)) return { forward: `evm_${name}` };
  }
  return { refuse: `${method} is not served by Besu (strict mode)` };
}

export interface StrictRpc {
  url: string;
  /** Every method refused so far, for a test to assert on. */
  refused: string[];
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Starts the proxy on 127.0.0.1 in front of `upstream` (a batch is checked call by call). */
export async function startStrictRpc(upstream: string, options: { testChannel?: boolean; port?: number } = {}): Promise<StrictRpc> {
  const refused: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      let body: unknown;
      try {
        body = JSON.parse(await read(req));
      } catch {
        res
          .writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }));
        return;
      }
      const batch = Array.isArray(body);
      const calls = (batch ? body : [body]) as RpcRequest[];
      const answers = new Map<number, unknown>();
      const forwarded: { index: number; call: RpcRequest }[] = [];
      calls.forEach((call, index) => {
        const where = route(call?.method, options.testChannel ?? false);
        if ("refuse" in where) {
          refused.push(String(call?.method));
          answers.set(index, { jsonrpc: "2.0", id: call?.id ?? null, error: { code: -32601, message: where.refuse } });
        } else {
          forwarded.push({ index, call: { ...call, method: where.forward } });
        }
      });
      if (forwarded.length > 0) {
        const upstreamBody = batch ? forwarded.map((f) => f.call) : forwarded[0]!.call;
        const response = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(upstreamBody) });
        const result = (await response.json()) as unknown;
        const results = batch ? (result as unknown[]) : [result];
        // A batch's answers may come in any order: matched by id.
        const byId = new Map(results.map((r) => [JSON.stringify((r as RpcRequest).id), r]));
        forwarded.forEach((f, i) => answers.set(f.index, byId.get(JSON.stringify(f.call.id ?? null)) ?? results[i]));
      }
      const out = calls.map((_, i) => answers.get(i));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(batch ? out : out[0]));
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32603, message: `The chain did not answer: ${(err as Error).message}` } }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
