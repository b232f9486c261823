// The platform's JSON-RPC transport (core/chain/provider.ts): answers of any size and text come
// back whole, a node that pauses between chunks is waited for, and one that stops sending fails
// with ethers' TIMEOUT after the request's timeout, as ethers' own transport would.
import { expect } from "chai";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isError, type JsonRpcProvider } from "ethers";
import { createProvider } from "../../core/chain/provider.js";

type Answer = (res: ServerResponse, id: number) => void;

/** A JSON-RPC endpoint on 127.0.0.1 that answers every call with `answer`. */
async function node(answer: Answer): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => answer(res, (JSON.parse(body) as { id: number }).id));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What a call to the node fails with, or null if it does not fail. */
const failureOf = (provider: JsonRpcProvider) =>
  provider.send("eth_blockNumber", []).then(
    () => null,
    (err: unknown) => err,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("JSON-RPC transport", function () {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  async function providerFor(answer: Answer, timeoutMs: number) {
    const { url, server } = await node(answer);
    servers.push(server);
    return createProvider(url, { chainId: 31337, timeoutMs });
  }

  it("gives back a large answer whole, multi-byte text included", async function () {
    const logs = Array.from({ length: 20_000 }, (_, i) => ({ i, title: `Договор поставки № ${i} — «ТМЗ» ✓` }));
    const provider = await providerFor((res, id) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ jsonrpc: "2.0", id, result: logs }));
    }, 5000);
    try {
      expect(await provider.send("eth_getLogs", [{}])).to.deep.equal(logs);
    } finally {
      provider.destroy();
    }
  });

  it("waits for a node that pauses between chunks for less than the timeout, however long the whole answer takes", async function () {
    const trickle = async (res: ServerResponse, id: number) => {
      const text = JSON.stringify({ jsonrpc: "2.0", id, result: "0x2a" });
      res.setHeader("content-type", "application/json");
      for (const char of text) {
        res.write(char);
        await sleep(40);
      }
      res.end();
    };
    const provider = await providerFor((res, id) => void trickle(res, id), 400);
    try {
      // About 1.2 s in all, 40 ms apart: only silence counts against the 400 ms.
      expect(await provider.send("eth_blockNumber", [])).to.equal("0x2a");
    } finally {
      provider.destroy();
    }
  });

  const failures: { when: string; code: "TIMEOUT" | "SERVER_ERROR"; answer: Answer; timeoutMs: number }[] = [
    {
      when: "the node stops sending in the middle of an answer",
      code: "TIMEOUT",
      answer: (res) => {
        res.setHeader("content-type", "application/json");
        res.write('{"jsonrpc":"2.0","id":');
      },
      timeoutMs: 300,
    },
    {
      when: "the node answers an HTTP error",
      code: "SERVER_ERROR",
      answer: (res) => {
        res.statusCode = 502;
        res.end("bad gateway");
      },
      timeoutMs: 2000,
    },
  ];
  for (const { when, code, answer, timeoutMs } of failures) {
    it(`fails with ${code} when ${when}`, async function () {
      const provider = await providerFor(answer, timeoutMs);
      try {
        const error = await failureOf(provider);
        expect(isError(error, code), String(error)).to.equal(true);
      } finally {
        provider.destroy();
      }
    });
  }
});
