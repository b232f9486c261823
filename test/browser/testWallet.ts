import type { BrowserContext } from "playwright-core";
import { getBytes, isHexString, type HDNodeWallet, type JsonRpcProvider, type TransactionRequest } from "ethers";

/**
 * An EIP-1193 wallet for the browser that really signs: the page's window.ethereum forwards
 * every request to this Node-side ethers wallet. Signing (personal_sign, typed data,
 * transactions) happens here with the account's key; reads go to the node's JSON-RPC verbatim,
 * so revert data reaches the page exactly as a real wallet would pass it on.
 */
export interface TestWallet {
  address: string;
  /** Every method the page asked for, in order, e.g. to assert that nothing was sent. */
  calls: string[];
  sentTransactions: string[];
  /**
   * What a person does in a real wallet mid-flow: switch to another account (the wallet then
   * signs as it and tells the open pages with `accountsChanged`), or to another network
   * (`chainChanged`; on a chain other than the platform's nothing can be sent).
   */
  switchAccount(wallet: HDNodeWallet): Promise<void>;
  switchChain(chainId: number): Promise<void>;
}

interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

type Reply = { result: unknown } | { error: RpcError };

const USER_REJECTED = 4001;
const UNRECOGNIZED_CHAIN = 4902;

export async function installTestWallet(
  context: BrowserContext,
  opts: { wallet: HDNodeWallet; provider: JsonRpcProvider; rpcUrl: string; chainId: number },
): Promise<TestWallet> {
  let signer = opts.wallet.connect(opts.provider);
  let address = signer.address.toLowerCase();
  let chainId = opts.chainId;
  let queue: Promise<unknown> = Promise.resolve();
  let rpcId = 1;
  let connected = false;
  /** Tells every open page of the context, as a wallet extension does. */
  const emit = async (event: string, value: unknown) => {
    for (const page of context.pages())
      await page.evaluate(([e, v]) => (window as unknown as { ethereum: { emit(event: string, value: unknown): void } }).ethereum.emit(e, v), [
        event,
        value,
      ] as const);
  };
  const state: TestWallet = {
    get address() {
      return address;
    },
    calls: [],
    sentTransactions: [],
    async switchAccount(next) {
      signer = next.connect(opts.provider);
      address = signer.address.toLowerCase();
      if (connected) await emit("accountsChanged", [address]);
    },
    async switchChain(next) {
      chainId = next;
      await emit("chainChanged", `0x${next.toString(16)}`);
    },
  };

  const forward = async (method: string, params: unknown): Promise<Reply> => {
    const res = await fetch(opts.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: rpcId++, method, params }),
    });
    const body = (await res.json()) as { result?: unknown; error?: RpcError };
    return body.error ? { error: body.error } : { result: body.result ?? null };
  };

  const ownAccount = (candidate: unknown): RpcError | undefined =>
    typeof candidate === "string" && candidate.toLowerCase() === address
      ? undefined
      : { code: USER_REJECTED, message: `The test wallet holds ${address}, not ${String(candidate)}` };

  const handle = async (method: string, params: unknown[]): Promise<Reply> => {
    switch (method) {
      // Like a real wallet: no account is revealed to the site before it asks to connect.
      case "eth_requestAccounts":
        connected = true;
        return { result: [address] };
      case "eth_accounts":
        return { result: connected ? [address] : [] };
      case "eth_chainId":
        return { result: `0x${chainId.toString(16)}` };
      case "net_version":
        return { result: String(chainId) };
      case "wallet_switchEthereumChain": {
        const wanted = Number((params[0] as { chainId: string }).chainId);
        if (wanted !== opts.chainId) return { error: { code: UNRECOGNIZED_CHAIN, message: `Unrecognized chain ${wanted}` } };
        if (chainId !== wanted) {
          chainId = wanted;
          await emit("chainChanged", `0x${wanted.toString(16)}`);
        }
        return { result: null };
      }
      case "personal_sign": {
        const [data, account] = params as [string, string];
        const refused = ownAccount(account);
        if (refused) return { error: refused };
        const message = isHexString(data) ? getBytes(data) : data;
        return { result: await signer.signMessage(message) };
      }
      case "eth_signTypedData_v4": {
        const [account, json] = params as [string, string];
        const refused = ownAccount(account);
        if (refused) return { error: refused };
        const typed = JSON.parse(json) as {
          domain: Record<string, unknown>;
          types: Record<string, { name: string; type: string }[]>;
          message: Record<string, unknown>;
        };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return { result: await signer.signTypedData(typed.domain, types, typed.message) };
      }
      case "eth_sendTransaction": {
        // The only node this wallet knows is the platform's.
        if (chainId !== opts.chainId) return { error: { code: -32603, message: `The test wallet cannot reach chain ${chainId}` } };
        const tx = params[0] as { from?: string; to?: string; data?: string; value?: string; gas?: string };
        const refused = ownAccount(tx.from ?? address);
        if (refused) return { error: refused };
        const request: TransactionRequest = {
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gasLimit: tx.gas ? BigInt(tx.gas) : undefined,
        };
        // One at a time: each transaction takes the next nonce.
        const sent = queue.then(() => signer.sendTransaction(request));
        queue = sent.catch(() => undefined);
        const response = await sent;
        state.sentTransactions.push(response.hash);
        return { result: response.hash };
      }
      default:
        return forward(method, params);
    }
  };

  await context.exposeFunction("__testWalletRequest", async (method: string, paramsJson: string): Promise<string> => {
    state.calls.push(method);
    let reply: Reply;
    try {
      reply = await handle(method, JSON.parse(paramsJson) as unknown[]);
    } catch (err) {
      const e = err as { code?: unknown; shortMessage?: string; message?: string; info?: { error?: RpcError } };
      reply = { error: e.info?.error ?? { code: -32603, message: e.shortMessage ?? e.message ?? String(err) } };
    }
    return JSON.stringify(reply, (_key, value: unknown) => (typeof value === "bigint" ? `0x${value.toString(16)}` : value));
  });
  // tsx compiles with keepNames, which wraps inner functions in __name(); the page has no such helper.
  await context.addInitScript("globalThis.__name ??= (fn) => fn;");
  await context.addInitScript(injectedProvider);
  return state;
}

/** Runs in the page before any of its scripts: defines window.ethereum. */
function injectedProvider(): void {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  const bridge = (window as unknown as { __testWalletRequest(method: string, params: string): Promise<string> }).__testWalletRequest;
  const provider = {
    isMetaMask: false,
    isTestWallet: true,
    async request(args: { method: string; params?: unknown[] }): Promise<unknown> {
      const reply = JSON.parse(await bridge(args.method, JSON.stringify(args.params ?? []))) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (reply.error) {
        const error = new Error(reply.error.message) as Error & { code: number; data?: unknown };
        error.code = reply.error.code;
        error.data = reply.error.data;
        throw error;
      }
      return reply.result;
    },
    on(event: string, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return provider;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
    /** For tests: what a wallet does when the person switches account or chain. */
    emit(event: string, ...args: unknown[]) {
      for (const l of listeners.get(event) ?? []) l(...args);
    },
  };
  Object.defineProperty(window, "ethereum", { value: provider, configurable: true });
}
