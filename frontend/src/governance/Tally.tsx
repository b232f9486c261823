import type { ProposalSummary } from "../api/types.js";
import { formatBps } from "../ui/format.js";
import { SUPPORT_LABEL, SUPPORTS } from "./labels.js";
import { QuorumBar } from "./QuorumBar.js";
import { votingOver, type VotePhase } from "./votePhase.js";

const share = (n: number, of: number) => (of === 0 ? 0 : (100 * n) / of);

/** The full tally: each choice's votes and share of those cast, the quorum's progress and the rules that decide. */
export function Tally({ proposal, phase }: { proposal: Pick<ProposalSummary, "tally" | "quorum" | "rules">; phase: VotePhase }) {
  const { tally, rules } = proposal;
  const cast = tally.for + tally.against + tally.abstain;
  return (
    <div className="tally" data-testid="tally" data-for={tally.for} data-against={tally.against} data-abstain={tally.abstain}>
      <ul className="tally-results" aria-label="Results">
        {SUPPORTS.map((support) => (
          <li key={support} data-support={support}>
            <span className="tally-label">{SUPPORT_LABEL[support]}</span>
            <span className="tally-track" aria-hidden="true">
              <span className={`tally-fill tally-${support}`} style={{ width: `${share(tally[support], cast)}%` }} />
            </span>
            <span className="tally-count">
              <strong>{tally[support]}</strong> <span className="muted">{Math.round(share(tally[support], cast))} %</span>
            </span>
          </li>
        ))}
      </ul>
      <QuorumBar quorum={proposal.quorum} over={votingOver(phase)} />
      <p className="small muted">
        {rules.approvalThresholdBps !== null && (
          <>
            Passes with at least <span className="nowrap">{formatBps(rules.approvalThresholdBps)}</span> of For and Against voting For
          </>
        )}
        {rules.coreOnly && " · core members only"}
        {rules.vetoable && " · a core member may veto"}
      </p>
    </div>
  );
}

/** One line for a list row: the votes by choice beside the quorum's progress. */
export function CompactTally({ proposal, phase }: { proposal: Pick<ProposalSummary, "tally" | "quorum">; phase: VotePhase }) {
  const { tally } = proposal;
  return (
    <div className="tally tally-compact" data-testid="tally" data-for={tally.for} data-against={tally.against} data-abstain={tally.abstain}>
      <span className="small nowrap">
        For <strong>{tally.for}</strong> · Against <strong>{tally.against}</strong> · Abstain <strong>{tally.abstain}</strong>
      </span>
      <QuorumBar quorum={proposal.quorum} over={votingOver(phase)} compact />
    </div>
  );
}
