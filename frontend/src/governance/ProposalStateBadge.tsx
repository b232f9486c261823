import type { ProposalStateName } from "../api/types.js";
import { STATE_LABEL, STATE_TONE } from "./labels.js";

export function ProposalStateBadge({ state }: { state: ProposalStateName }) {
  return (
    <span className={`badge tone-${STATE_TONE[state]}`} data-proposal-state={state}>
      {STATE_LABEL[state]}
    </span>
  );
}
