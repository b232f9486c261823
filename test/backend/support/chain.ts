import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { HDNodeWallet, JsonRpcProvider } from "ethers";
import { localAccount } from "../../../scripts/lib/accounts.js";
import { createProvider } from "../../../core/chain/provider.js";
import { startStrictLocalChain } from "../../../scripts/lib/chain.js";
import { ROOT } from "../../../scripts/lib/processes.js";

export const LOG_DIR = join(ROOT, "test-artifacts", "backend");

/** A `hardhat node` child process behind the strict proxy (only what Besu serves), and a tuned provider on it. */
export interface TestChain {
  url: string;
  /** The hardhat node itself, behind the proxy (for a test that starts a proxy of its own). */
  rawUrl: string;
  port: number;
  provider: JsonRpcProvider;
  /** The methods the strict proxy refused: a hidden dependency on Hardhat shows here. */
  refused: string[];
  stop(): Promise<void>;
}

let started = 0;

export async function startChain(port?: number): Promise<TestChain> {
  await mkdir(LOG_DIR, { recursive: true });
  // Without a port the proxy binds one itself: a port found free and bound later may be taken between.
  const chain = await startStrictLocalChain(port, join(LOG_DIR, `chain-${port ?? `${process.pid}-${++started}`}.log`));
  const p = Number(new URL(chain.url).port);
  const provider = createProvider(chain.url, { chainId: 31337, pollMs: 50 });
  // The node runs in its own process group: make sure it never outlives an interrupted run.
  const killOnExit = () => {
    try {
      process.kill(-chain.child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  process.once("exit", killOnExit);
  return {
    url: chain.url,
    rawUrl: chain.rawUrl,
    port: p,
    provider,
    refused: chain.refused,
    async stop() {
      provider.destroy();
      await chain.stop();
      process.off("exit", killOnExit);
    },
  };
}

// Kept on globalThis: mocha may load the root-hook file and the specs as separate module
// instances (require vs import), and both must see the one shared chain.
const holder = globalThis as typeof globalThis & { __clusterTestChain?: Promise<TestChain> };

/** The chain most suites share, started on first use and stopped by the root hook. */
export function sharedChain(): Promise<TestChain> {
  holder.__clusterTestChain ??= startChain();
  return holder.__clusterTestChain;
}

export async function stopSharedChain(): Promise<void> {
  const shared = holder.__clusterTestChain;
  holder.__clusterTestChain = undefined;
  if (shared) await (await shared).stop();
}

/** Hardhat node's funded account `index`, signing locally (as on Besu: no unlocked accounts). */
export function account(index: number, provider: JsonRpcProvider): HDNodeWallet {
  return localAccount(index, provider);
}
