import { usePlatformStatus } from "../api/StatusContext.js";
import { useChainTime } from "../chain/useChainTime.js";

/**
 * The chain's clock for votes (ms): the wallet's latest block where there is a wallet, never
 * behind the head the platform last saw (its status carries that block's time), so a visitor
 * without a wallet sees the chain's deadlines too, not this computer's clock.
 */
export function useVoteClock(): number {
  const { data: status } = usePlatformStatus();
  const walletNow = useChainTime(`votes-${status?.headBlock ?? ""}`);
  const head = status?.headTime ? Date.parse(status.headTime) : Number.NaN;
  return Number.isNaN(head) ? walletNow : Math.max(walletNow, head);
}
