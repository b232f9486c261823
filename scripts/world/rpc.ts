/**
 * A bare JSON-RPC client that sends many calls in one HTTP request. ethers batches too, but
 * parses and wraps every answer; for hundreds of thousands of raw transactions and receipts the
 * plain JSON is both faster and all the generator needs.
 */
export interface RpcCall {
  method: string;
  params: unknown[];
}

/** One answer of a batch: a result, or the node's error message. */
export type RpcAnswer = { ok: true; result: unknown } | { ok: false; error: string };

export interface Rpc {
  url: string;
  call<T>(method: string, params?: unknown[]): Promise<T>;
  /** The answers in the calls' order (a node may answer a batch in any order). */
  batch(calls: RpcCall[]): Promise<RpcAnswer[]>;
}

interface Answer {
  id: number;
  result?: unknown;
  error?: { message?: string; data?: unknown };
}

export function createRpc(url: string, timeoutMs = 120_000): Rpc {
  let nextId = 1;
  /**
   * Retries a request that never got an answer: a kept-alive connection the node closed while
   * the generator was busy planning fails the next request with "fetch failed". A resent raw
   * transaction the node already holds comes back as "already known" (see the sender).
   */
  async function post(body: unknown): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
        const why = `${(err as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ""}`;
        if (attempt >= 3 || (err as Error).name === "TimeoutError") throw new Error(`The node at ${url} did not answer: ${why}`, { cause: err });
        await new Promise((r) => setTimeout(r, 200 * attempt));
        continue;
      }
      if (!res.ok) throw new Error(`The node at ${url} answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return res.json();
    }
  }
  const describe = (e: NonNullable<Answer["error"]>) => `${e.message ?? "error"}${e.data ? ` (${JSON.stringify(e.data).slice(0, 200)})` : ""}`;
  return {
    url,
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      const answer = (await post({ jsonrpc: "2.0", id: nextId++, method, params })) as Answer;
      if (answer.error) throw new Error(`${method} failed: ${describe(answer.error)}`);
      return answer.result as T;
    },
    async batch(calls: RpcCall[]): Promise<RpcAnswer[]> {
      if (calls.length === 0) return [];
      const first = nextId;
      nextId += calls.length;
      const answers = (await post(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, method: c.method, params: c.params })))) as Answer[];
      const out: RpcAnswer[] = new Array(calls.length);
      for (const a of answers) out[a.id - first] = a.error ? { ok: false, error: describe(a.error) } : { ok: true, result: a.result };
      return out;
    },
  };
}
