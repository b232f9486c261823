/**
 * Sends a phase's transactions fast: signed locally with nonces counted here (no round trip per
 * transaction), posted a block's worth at a time in one JSON-RPC batch, and their receipts read
 * back in one batch, each checked. On a node that takes `evm_mine` (a hardhat node the generator
 * started or was pointed at) automine is off and every chunk is mined as one block; elsewhere (a
 * strict proxy, Besu) the node mines on its own and the receipts are polled.
 *
 * A chunk is expected to use under half the block gas limit: EIP-1559 raises the base fee after
 * every block fuller than that, and a thousand full blocks would price the senders out.
 */
import { Transaction, type BaseWallet } from "ethers";
import type { PhaseTracker, Progress } from "./progress.js";
import type { Rpc, RpcCall } from "./rpc.js";

export interface Call {
  from: BaseWallet;
  to: string;
  data: string;
  value?: bigint;
  /** Calls of one shape cost about the same gas: the longest of each shape is estimated once a phase. */
  shape: string;
}

export interface RawLog {
  address: string;
  topics: string[];
  data: string;
}

export interface RawReceipt {
  transactionHash: string;
  blockNumber: string;
  status: string;
  gasUsed: string;
  logs: RawLog[];
}

export interface Sender {
  /** "manual": the generator mines each chunk (evm_mine); "auto": the node mines by itself. */
  mode: "manual" | "auto";
  /** Sends every call, in order per sender; resolves with their receipts in the calls' order. */
  send(phase: string, calls: Call[]): Promise<RawReceipt[]>;
  /** Hands the node back with automine on. */
  close(): Promise<void>;
}

export interface SenderOptions {
  /** At most this many transactions per chunk (one HTTP request, one block in manual mode). */
  maxChunk?: number;
  /** How long a chunk's receipts may take in auto mode. */
  receiptTimeoutMs?: number;
}

interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** A shape's gas: the limit each transaction gets, and what one is expected to use (estimated, then seen). */
interface Gas {
  limit: bigint;
  expected: bigint;
  used: bigint;
  seen: bigint;
}

interface Signed {
  call: Call;
  raw: string;
  hash: string;
  gasLimit: bigint;
}

const GWEI = 1_000_000_000n;

export async function createSender(rpc: Rpc, progress: Progress, opts: SenderOptions = {}): Promise<Sender> {
  const maxChunk = opts.maxChunk ?? 600;
  const chainId = BigInt(await rpc.call<string>("eth_chainId"));
  const latest = await rpc.call<{ gasLimit: string; baseFeePerGas?: string }>("eth_getBlockByNumber", ["latest", false]);
  const blockGasLimit = BigInt(latest.gasLimit);
  const budget = (blockGasLimit * 45n) / 100n;
  const baseFee = BigInt(latest.baseFeePerGas ?? "0x0");
  // A free-gas network (Besu's zeroBaseFee) takes zero fees; elsewhere the base fee only falls
  // (chunks stay under half a block), so twice today's plus the tip covers every later block.
  const fees: Fees = baseFee === 0n ? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } : { maxFeePerGas: baseFee * 2n + GWEI, maxPriorityFeePerGas: GWEI };
  const mode = await rpc.call("evm_setAutomine", [false]).then(
    () => "manual" as const,
    () => "auto" as const,
  );
  const nonces = new Map<string, number>();

  async function loadNonces(calls: Call[]): Promise<void> {
    const unknown = [...new Set(calls.map((c) => c.from.address).filter((a) => !nonces.has(a)))];
    const answers = await rpc.batch(unknown.map((a) => ({ method: "eth_getTransactionCount", params: [a, "pending"] })));
    answers.forEach((a, i) => {
      if (!a.ok) throw new Error(`Cannot read the nonce of ${unknown[i]}: ${a.error}`);
      nonces.set(unknown[i]!, Number(a.result as string));
    });
  }

  /**
   * Gas per shape: the longest call of each shape (the most signers, parties, lines) estimated.
   * The limit adds a margin; chunks are sized by what the shape was seen to use so far.
   */
  async function estimate(phase: string, calls: Call[]): Promise<Map<string, Gas>> {
    const longest = new Map<string, Call>();
    for (const c of calls) if ((longest.get(c.shape)?.data.length ?? -1) < c.data.length) longest.set(c.shape, c);
    const shapes = [...longest.entries()];
    const answers = await rpc.batch(
      shapes.map(([, c]) => ({
        method: "eth_estimateGas",
        params: [{ from: c.from.address, to: c.to, data: c.data, value: `0x${(c.value ?? 0n).toString(16)}` }],
      })),
    );
    const gas = new Map<string, Gas>();
    answers.forEach((a, i) => {
      const [shape] = shapes[i]!;
      if (!a.ok) throw new Error(`${phase}: a "${shape}" call would revert: ${a.error}`);
      const estimated = BigInt(a.result as string);
      gas.set(shape, { limit: (estimated * 13n) / 10n + 30_000n, expected: estimated, used: 0n, seen: 0n });
    });
    return gas;
  }

  /**
   * The calls from `start` that make the next block: what they are expected to use stays under
   * half the block (the base fee then never rises), their limits under the whole block (so the
   * node takes them all into one).
   */
  function nextChunk(calls: Call[], start: number, gas: Map<string, Gas>): number {
    let used = 0n;
    let limits = 0n;
    let end = start;
    while (end < calls.length && end - start < maxChunk) {
      const g = gas.get(calls[end]!.shape)!;
      if (end > start && (used + g.expected > budget || limits + g.limit > blockGasLimit)) break;
      used += g.expected;
      limits += g.limit;
      end++;
    }
    return end;
  }

  function observe(signed: Signed[], got: RawReceipt[], gas: Map<string, Gas>): void {
    signed.forEach((s, i) => {
      const g = gas.get(s.call.shape)!;
      g.used += BigInt(got[i]!.gasUsed);
      g.seen++;
    });
    // A tenth above the average: shapes vary a little (a party's first obligation costs more).
    for (const g of gas.values()) if (g.seen > 0n) g.expected = (g.used * 11n) / (g.seen * 10n);
  }

  /** Signs a chunk, yielding now and then so the request in flight (a block being mined) gets on. */
  async function sign(chunk: Call[], gas: Map<string, Gas>): Promise<Signed[]> {
    await loadNonces(chunk);
    const out: Signed[] = [];
    for (const call of chunk) {
      const nonce = nonces.get(call.from.address)!;
      nonces.set(call.from.address, nonce + 1);
      const gasLimit = gas.get(call.shape)!.limit;
      const tx = Transaction.from({ type: 2, chainId, nonce, to: call.to, data: call.data, value: call.value ?? 0n, gasLimit, ...fees });
      tx.signature = call.from.signingKey.sign(tx.unsignedHash);
      out.push({ call, raw: tx.serialized, hash: tx.hash!, gasLimit });
      if (out.length % 32 === 0) await new Promise((r) => setImmediate(r));
    }
    return out;
  }

  async function post(phase: string, signed: Signed[]): Promise<void> {
    const answers = await rpc.batch(signed.map((s) => ({ method: "eth_sendRawTransaction", params: [s.raw] })));
    // "Already known": a resent request whose first copy reached the node (see rpc.ts).
    const failed = answers.findIndex((a) => !a.ok && !/already known|known transaction/i.test(a.error));
    if (failed >= 0) {
      const a = answers[failed] as { error: string };
      throw new Error(`${phase}: the node refused a transaction from ${signed[failed]!.call.from.address} (${signed[failed]!.call.shape}): ${a.error}`);
    }
  }

  async function receipts(phase: string, signed: Signed[]): Promise<{ receipts: RawReceipt[]; blocks: number }> {
    const out: (RawReceipt | null)[] = new Array(signed.length).fill(null);
    let missing = signed.map((_, i) => i);
    let blocks = mode === "manual" ? 1 : 0;
    const deadline = Date.now() + (opts.receiptTimeoutMs ?? 300_000);
    for (;;) {
      const answers = await rpc.batch(missing.map((i) => ({ method: "eth_getTransactionReceipt", params: [signed[i]!.hash] }) satisfies RpcCall));
      answers.forEach((a, k) => {
        if (!a.ok) throw new Error(`${phase}: cannot read a receipt: ${a.error}`);
        out[missing[k]!] = a.result as RawReceipt | null;
      });
      missing = missing.filter((i) => out[i] === null);
      if (missing.length === 0) break;
      if (Date.now() > deadline) throw new Error(`${phase}: ${missing.length} transactions were not mined in time (first ${signed[missing[0]!]!.hash})`);
      if (mode === "manual") {
        await rpc.call("evm_mine");
        blocks++;
      } else await new Promise((r) => setTimeout(r, 100));
    }
    const got = out as RawReceipt[];
    const bad = got.findIndex((r) => r.status !== "0x1");
    if (bad >= 0) await explain(phase, signed[bad]!, got[bad]!);
    if (mode === "auto") blocks = new Set(got.map((r) => r.blockNumber)).size;
    return { receipts: got, blocks };
  }

  /** A reverted transaction fails the run, with what the call says when replayed now. */
  async function explain(phase: string, s: Signed, r: RawReceipt): Promise<never> {
    const replay = await rpc.call("eth_call", [{ from: s.call.from.address, to: s.call.to, data: s.call.data }, "latest"]).then(
      () => "it succeeds when replayed now",
      (e: Error) => `replayed now: ${e.message}`,
    );
    const outOfGas = BigInt(r.gasUsed) === s.gasLimit ? `; it used all of its ${s.gasLimit} gas` : "";
    throw new Error(
      `${phase}: a "${s.call.shape}" transaction from ${s.call.from.address} reverted in block ${Number(r.blockNumber)} (${s.hash})${outOfGas}; ${replay}`,
    );
  }

  return {
    mode,
    async send(phase, calls) {
      const tracker: PhaseTracker = progress.start(phase, calls.length);
      try {
        if (calls.length === 0) return [];
        const gas = await estimate(phase, calls);
        const all: RawReceipt[] = [];
        let end = nextChunk(calls, 0, gas);
        let next = sign(calls.slice(0, end), gas);
        for (;;) {
          const signed = await next;
          await post(phase, signed);
          const mined = mode === "manual" ? rpc.call("evm_mine") : Promise.resolve();
          // The next chunk is signed while the node mines this one.
          const start = end;
          end = nextChunk(calls, start, gas);
          next = sign(calls.slice(start, end), gas);
          // Awaited below; a failure meanwhile must not count as unhandled.
          next.catch(() => {});
          await mined;
          const got = await receipts(phase, signed);
          observe(signed, got.receipts, gas);
          all.push(...got.receipts);
          tracker.add(signed.length, got.blocks);
          if (start === calls.length) break;
        }
        return all;
      } finally {
        tracker.end();
      }
    },
    async close() {
      if (mode === "manual") await rpc.call("evm_setAutomine", [true]);
    },
  };
}
