import { BrowserProvider, type ContractTransactionResponse, type Signer, type TransactionReceipt } from "ethers";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ApiError, api } from "../api/client.js";
import { usePlatformStatus } from "../api/StatusContext.js";
import type { PlatformStatus } from "../api/types.js";
import { useWallet } from "../wallet/WalletContext.js";
import { deploymentOf, type Deployment } from "./contracts.js";
import { transactionErrorText } from "./decodeError.js";
import { waitForIndex } from "./waitForIndex.js";

export type TxState =
  | { phase: "idle" }
  | { phase: "signing"; label: string }
  | { phase: "pending"; label: string; hash: string }
  | { phase: "indexing"; label: string; hash: string; blockNumber: number }
  | { phase: "confirmed"; label: string; hash: string; blockNumber: number; note?: string }
  | { phase: "failed"; label: string; message: string; hash?: string };

export type Send = (signer: Signer, deployment: Deployment) => Promise<ContractTransactionResponse>;

export interface Transaction {
  state: TxState;
  busy: boolean;
  /** Signs and sends, waits for the receipt and for the index; returns the receipt or undefined on failure. */
  run(label: string, send: Send, onIndexed?: (receipt: TransactionReceipt) => void | Promise<void>): Promise<TransactionReceipt | undefined>;
  reset(): void;
}

// Short polling: a local chain mines instantly, and the default 4 s makes every click feel stuck.
const POLLING_MS = 400;

const isBusy = (state: TxState) => state.phase === "signing" || state.phase === "pending" || state.phase === "indexing";

/**
 * Transactions whose form went away while they were under way (an account switch signs the
 * person out, and members' forms go with the session): they finish here, and the layout shows
 * how (useOrphanTransactions), so that a write in flight never ends unseen.
 */
let orphans: ReadonlyMap<number, TxState> = new Map();
const orphanListeners = new Set<() => void>();
let nextOrphanId = 1;

function setOrphan(id: number, state: TxState | undefined): void {
  const next = new Map(orphans);
  if (state) next.set(id, state);
  else next.delete(id);
  orphans = next;
  for (const listener of orphanListeners) listener();
}

export function useOrphanTransactions(): { transactions: ReadonlyMap<number, TxState>; dismiss(id: number): void } {
  const transactions = useSyncExternalStore(
    (listener) => {
      orphanListeners.add(listener);
      return () => orphanListeners.delete(listener);
    },
    () => orphans,
  );
  return { transactions, dismiss: (id) => setOrphan(id, undefined) };
}

/** Why a write cannot start now, from a status fetched at the click: the server or the chain does not answer. */
async function outageRefusal(): Promise<{ status: PlatformStatus } | { refusal: string }> {
  try {
    const status = await api.status();
    if (!status.chain.reachable) return { refusal: "The chain does not answer, so nothing was sent. Try again once it is back." };
    return { status };
  } catch (cause) {
    if (cause instanceof ApiError && cause.code === "unreachable")
      return { refusal: "The platform's server does not answer, so nothing was sent. Try again once it is back." };
    return { refusal: `The platform status could not be read, so nothing was sent: ${cause instanceof Error ? cause.message : String(cause)}` };
  }
}

const SWITCHED_BEFORE =
  "Your wallet switched to another account since this form was opened, so nothing was sent. Check what it holds, then send again to send it from the account now selected.";
const SWITCHED_WHILE_SIGNING = "Your wallet switched to another account while this was being signed, so nothing was sent. Check it, then send again.";
const SWITCHED_WHILE_PENDING = "Sent from the account that signed it, before your wallet switched to another one.";

export function useTransaction(): Transaction {
  const wallet = useWallet();
  const { data: status, reload: reloadStatus } = usePlatformStatus();
  const [state, setState] = useState<TxState>({ phase: "idle" });

  // The account of the last render, read by a run in flight; and the one this form was filled for,
  // when the wallet has switched since (cleared by a new sign-in: the person chose the new account).
  const account = useRef(wallet.account);
  const switchedFrom = useRef<string | undefined>(undefined);
  useEffect(() => {
    const before = account.current;
    account.current = wallet.account;
    if (before && wallet.account && before !== wallet.account) switchedFrom.current = before;
  }, [wallet.account]);
  useEffect(() => {
    if (wallet.session && wallet.session.address.toLowerCase() === wallet.account) switchedFrom.current = undefined;
  }, [wallet.session, wallet.account]);
  const chainId = useRef(wallet.chainId);
  chainId.current = wallet.chainId;

  // While mounted, updates go to this form; once it unmounts mid-run, to the orphans.
  const latest = useRef<TxState>(state);
  const orphanId = useRef<number | undefined>(undefined);
  const update = useCallback((next: TxState) => {
    latest.current = next;
    if (orphanId.current === undefined) setState(next);
    else setOrphan(orphanId.current, next);
  }, []);
  useEffect(
    () => () => {
      if (isBusy(latest.current)) {
        orphanId.current = nextOrphanId++;
        setOrphan(orphanId.current, latest.current);
      }
    },
    [],
  );

  const run = useCallback<Transaction["run"]>(
    async (label, send, onIndexed) => {
      const fail = (message: string, hash?: string) => {
        update({ phase: "failed", label, message, hash });
        return undefined;
      };
      if (!wallet.provider) return fail("No browser wallet found: a transaction must be signed by your own wallet.");
      if (!wallet.account) return fail("Connect your wallet first.");
      if (switchedFrom.current) {
        switchedFrom.current = undefined;
        return fail(SWITCHED_BEFORE);
      }
      if (!status) return fail("The platform status is not loaded yet; try again in a moment.");
      const known = deploymentOf(status);
      if (!known) return fail("The platform has no contracts on its chain yet: the CDC must deploy it first.");
      if (wallet.wrongChain) return fail(`Your wallet is on chain ${wallet.chainId}; switch it to chain ${known.chainId} first.`);
      const from = wallet.account;
      update({ phase: "signing", label });
      const fresh = await outageRefusal();
      if ("refusal" in fresh) return fail(fresh.refusal);
      const deployment = deploymentOf(fresh.status) ?? known;
      let hash: string | undefined;
      try {
        const provider = new BrowserProvider(wallet.provider, deployment.chainId, { pollingInterval: POLLING_MS });
        const signer = await provider.getSigner(from);
        const tx = await send(signer, deployment);
        hash = tx.hash;
        update({ phase: "pending", label, hash });
        const receipt = await tx.wait();
        if (!receipt) return fail("The transaction was dropped before it was mined.", hash);
        update({ phase: "indexing", label, hash, blockNumber: receipt.blockNumber });
        const indexed = await waitForIndex(receipt.blockNumber);
        reloadStatus();
        if (onIndexed) await onIndexed(receipt);
        const notes = [
          account.current !== from ? SWITCHED_WHILE_PENDING : undefined,
          indexed ? undefined : "The platform index has not caught up yet; the page may show older data for a moment.",
        ].filter(Boolean);
        update({ phase: "confirmed", label, hash, blockNumber: receipt.blockNumber, note: notes.length > 0 ? notes.join(" ") : undefined });
        return receipt;
      } catch (cause) {
        if (hash === undefined && account.current !== from) return fail(SWITCHED_WHILE_SIGNING);
        if (chainId.current !== deployment.chainId)
          return fail(
            hash === undefined
              ? `Your wallet switched to chain ${chainId.current} while this was being signed, so nothing was sent. Switch back to chain ${deployment.chainId} and send again.`
              : `Your wallet switched to chain ${chainId.current} before the receipt came: the transaction was sent, and the platform shows it once it is mined. Switch back to chain ${deployment.chainId} to follow it here.`,
            hash,
          );
        return fail(transactionErrorText(cause), hash);
      }
    },
    [wallet.provider, wallet.account, wallet.wrongChain, wallet.chainId, status, reloadStatus, update],
  );

  const reset = useCallback(() => update({ phase: "idle" }), [update]);
  return { state, busy: isBusy(state), run, reset };
}
