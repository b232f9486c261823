import type { ProposalSummary } from "../api/types.js";
import { useChainTime } from "../chain/useChainTime.js";
import { Deadline } from "../ui/amount.js";
import { formatBps } from "../ui/format.js";

/** For / against / abstain as a bar, with quorum progress and the deadline. */
export function Tally({ proposal }: { proposal: ProposalSummary }) {
  const { tally, quorum, rules } = proposal;
  // The deadline is the contract's: how far away it is counts on the chain's clock.
  const now = useChainTime(`tally-${proposal.id}-${proposal.state}`);
  const total = tally.for + tally.against + tally.abstain;
  const pct = (n: number) => (total === 0 ? 0 : (100 * n) / total);
  return (
    <div className="tally" data-testid="tally" data-for={tally.for} data-against={tally.against} data-abstain={tally.abstain}>
      <div className="tally-bar" aria-hidden="true">
        <span className="tally-for" style={{ width: `${pct(tally.for)}%` }} />
        <span className="tally-against" style={{ width: `${pct(tally.against)}%` }} />
        <span className="tally-abstain" style={{ width: `${pct(tally.abstain)}%` }} />
      </div>
      <p className="small">
        For <strong>{tally.for}</strong> · Against <strong>{tally.against}</strong> · Abstain <strong>{tally.abstain}</strong> · Quorum{" "}
        <strong data-testid="quorum">
          {quorum.counted}/{quorum.required ?? "—"}
        </strong>{" "}
        {quorum.reached ? "reached" : "not reached"}
        {rules.approvalThresholdBps !== null && (
          <>
            {" "}
            · Threshold <span className="nowrap">{formatBps(rules.approvalThresholdBps)}</span>
          </>
        )}
        {rules.coreOnly && " · core members only"}
        {rules.vetoable && " · core veto"} · Deadline <Deadline iso={proposal.deadline} now={now} />
      </p>
    </div>
  );
}
