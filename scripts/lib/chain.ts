import { join } from "node:path";
import { startStrictRpc, TEST_CHANNEL_PREFIX } from "../../deploy/besu/strictRpc.js";
import { BIN, freePort, startService, waitUntil, type Service } from "./processes.js";

export interface LocalChain extends Service {
  url: string;
}

/** A `hardhat node` on 127.0.0.1 (it binds 0.0.0.0 in containers unless told otherwise). */
export async function startLocalChain(port: number, logFile: string): Promise<LocalChain> {
  const service = await startService("chain", join(BIN, "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(port)], { logFile });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  service.child.once("exit", () => (exited = true));
  await waitUntil(
    `the local chain at ${url}`,
    async () => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      return res.ok;
    },
    60_000,
    () => (exited ? `hardhat node exited; see ${logFile}` : undefined),
  );
  return { ...service, url };
}

/**
 * `hardhat node` on a port that was free a moment ago. Another process (any outgoing connection
 * takes its local port from the same range) may bind it first: then the node exits, and another
 * port is tried.
 */
async function startOnFreePort(logFile: string, attempts = 3): Promise<LocalChain> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLocalChain(await freePort(), logFile);
    } catch (err) {
      if (attempt >= attempts || !/hardhat node exited/.test((err as Error).message)) throw err;
    }
  }
}

/**
 * The local chain as the platform and its tests use it: `hardhat node` behind the strict proxy
 * (deploy/besu/strictRpc.ts), so only what Besu serves gets through, plus the tests' clock
 * channel. `url` is the proxy's, on `port` when given.
 */
export async function startStrictLocalChain(port: number | undefined, logFile: string): Promise<LocalChain & { rawUrl: string; refused: string[] }> {
  const chain = await startOnFreePort(logFile);
  try {
    const proxy = await startStrictRpc(chain.url, { testChannel: true, port });
    return {
      ...chain,
      url: proxy.url,
      rawUrl: chain.url,
      refused: proxy.refused,
      async stop() {
        // The node is signalled first, at once: a parent killed mid-stop must not leave it running.
        await Promise.all([chain.stop(), proxy.close()]);
      },
    };
  } catch (err) {
    await chain.stop();
    throw err;
  }
}

/** Moves a local chain's clock on by `seconds` and mines a block, through the strict proxy's test channel. */
export async function timeTravel(provider: { send(method: string, params: unknown[]): Promise<unknown> }, seconds: number): Promise<void> {
  await provider.send(`${TEST_CHANNEL_PREFIX}increaseTime`, [seconds]);
  await provider.send(`${TEST_CHANNEL_PREFIX}mine`, []);
}
