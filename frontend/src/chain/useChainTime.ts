import { useEffect, useState } from "react";
import { usePlatformStatus } from "../api/StatusContext.js";
import { useWallet } from "../wallet/WalletContext.js";

/**
 * The chain's clock (the latest block's timestamp, in ms), read through the wallet; deadlines
 * are the contract's, so buttons that depend on them follow the chain, not this computer's
 * clock. Without a wallet, the head block's time as the platform last saw it (/api/status), and
 * the local clock until that is known.
 */
export function useChainTime(key: string): number {
  const { provider: wallet, wrongChain } = useWallet();
  // A wallet on another chain would tell that chain's clock.
  const provider = wrongChain ? undefined : wallet;
  const headTime = usePlatformStatus().data?.headTime;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!provider) return;
    let live = true;
    provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] }).then(
      (block) => {
        const stamp = (block as { timestamp?: string } | null)?.timestamp;
        if (live && typeof stamp === "string") setNow(Number(BigInt(stamp)) * 1000);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [provider, key]);
  if (!provider && headTime) return Date.parse(headTime);
  return now;
}
