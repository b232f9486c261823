import { join } from "node:path";
import { BIN, startService, waitUntil, type Service } from "./processes.js";

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
