import { BrowserProvider } from "ethers";
import { useState } from "react";
import type { SupportName } from "../api/types.js";
import { usePlatformStatus } from "../api/StatusContext.js";
import { deploymentOf } from "../chain/contracts.js";
import { transactionErrorText } from "../chain/decodeError.js";
import { useWallet } from "../wallet/WalletContext.js";
import type { Ballot } from "./ballot.js";
import { signBallotFor } from "./governorActions.js";

export type BallotState = { phase: "idle" } | { phase: "signing" } | { phase: "signed"; ballot: Ballot } | { phase: "failed"; message: string };

/** Signs a ballot in the connected wallet: a signature only, so no transaction state and no index wait. */
export function useBallotSigner(governor: string | undefined, proposalId: string) {
  const wallet = useWallet();
  const { data: status } = usePlatformStatus();
  const [state, setState] = useState<BallotState>({ phase: "idle" });
  const sign = async (support: SupportName) => {
    const deployment = deploymentOf(status);
    if (!wallet.provider || !wallet.account || !governor || !deployment) return setState({ phase: "failed", message: "Connect your wallet first." });
    if (wallet.wrongChain) return setState({ phase: "failed", message: `Switch your wallet to chain ${deployment.chainId} first.` });
    setState({ phase: "signing" });
    try {
      const signer = await new BrowserProvider(wallet.provider, deployment.chainId).getSigner(wallet.account);
      setState({ phase: "signed", ballot: await signBallotFor(signer, governor, proposalId, support) });
    } catch (cause) {
      setState({ phase: "failed", message: transactionErrorText(cause) });
    }
  };
  return { state, sign, reset: () => setState({ phase: "idle" }) };
}
