import { BrowserProvider, type ContractTransactionResponse, type Signer, type TransactionReceipt } from "ethers";
import { useCallback, useState } from "react";
import { usePlatformStatus } from "../api/StatusContext.js";
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

export function useTransaction(): Transaction {
  const wallet = useWallet();
  const { data: status, reload: reloadStatus } = usePlatformStatus();
  const [state, setState] = useState<TxState>({ phase: "idle" });

  const run = useCallback<Transaction["run"]>(
    async (label, send, onIndexed) => {
      const fail = (message: string, hash?: string) => {
        setState({ phase: "failed", label, message, hash });
        return undefined;
      };
      if (!wallet.provider) return fail("No browser wallet found: a transaction must be signed by your own wallet.");
      if (!wallet.account) return fail("Connect your wallet first.");
      if (!status) return fail("The platform status is not loaded yet; try again in a moment.");
      const deployment = deploymentOf(status);
      if (!deployment) return fail("The platform has no contracts on its chain yet: the CDC must deploy it first.");
      if (wallet.wrongChain) return fail(`Your wallet is on chain ${wallet.chainId}; switch it to chain ${deployment.chainId} first.`);
      setState({ phase: "signing", label });
      let hash: string | undefined;
      try {
        const provider = new BrowserProvider(wallet.provider, deployment.chainId, { pollingInterval: POLLING_MS });
        const signer = await provider.getSigner(wallet.account);
        const tx = await send(signer, deployment);
        hash = tx.hash;
        setState({ phase: "pending", label, hash });
        const receipt = await tx.wait();
        if (!receipt) return fail("The transaction was dropped before it was mined.", hash);
        setState({ phase: "indexing", label, hash, blockNumber: receipt.blockNumber });
        const indexed = await waitForIndex(receipt.blockNumber);
        reloadStatus();
        if (onIndexed) await onIndexed(receipt);
        setState({
          phase: "confirmed",
          label,
          hash,
          blockNumber: receipt.blockNumber,
          note: indexed ? undefined : "The platform index has not caught up yet; the page may show older data for a moment.",
        });
        return receipt;
      } catch (cause) {
        return fail(transactionErrorText(cause), hash);
      }
    },
    [wallet.provider, wallet.account, wallet.wrongChain, wallet.chainId, status, reloadStatus],
  );

  const reset = useCallback(() => setState({ phase: "idle" }), []);
  const busy = state.phase === "signing" || state.phase === "pending" || state.phase === "indexing";
  return { state, busy, run, reset };
}
