import { chainClockNote } from "../ui/format.js";
import { useChainTime } from "./useChainTime.js";

/**
 * Says so when the chain's clock (its latest block) is more than a few minutes off this
 * computer's, as on a demo chain moved a month ahead: deadlines follow the chain's clock.
 * Read through the wallet at every new head block, or from the platform's status without one.
 */
export function ChainClockNote({ headBlock }: { headBlock: number | null | undefined }) {
  const chainNow = useChainTime(`clock-${headBlock ?? ""}`);
  const note = chainClockNote(chainNow, Date.now());
  if (!note) return null;
  return (
    <span className="chain-clock" data-testid="chain-clock">
      {note}
    </span>
  );
}
