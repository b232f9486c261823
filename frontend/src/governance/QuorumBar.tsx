import type { ProposalSummary } from "../api/types.js";

type Quorum = ProposalSummary["quorum"];

/** What the quorum still needs, in words (once voting is over, whether it was reached): beside the bar and in a list row. */
function quorumText({ counted, required, reached }: Quorum, over: boolean): string {
  if (required === null) return "No quorum recorded";
  if (reached) return "Quorum reached";
  if (over) return "Quorum not reached";
  const missing = Math.max(required - counted, 0);
  return `${missing} more ${missing === 1 ? "vote" : "votes"} needed for quorum`;
}

/**
 * The quorum's progress: the votes that count toward it (For and Abstain, as the governor counts
 * them) against a marker at the threshold. The bar's scale reaches past the marker only once the
 * count does, so a vote short of its quorum never looks full.
 */
export function QuorumBar({ quorum, over, compact = false }: { quorum: Quorum; over: boolean; compact?: boolean }) {
  const { counted, required, reached } = quorum;
  const scale = Math.max(required ?? 0, counted, 1);
  const fill = (100 * counted) / scale;
  const mark = required === null ? null : (100 * required) / scale;
  return (
    <div
      className={`quorum${compact ? " quorum-compact" : ""}`}
      data-testid="quorum"
      data-reached={reached}
      data-counted={counted}
      data-required={required ?? undefined}
    >
      {!compact && <span className="tally-label">Quorum</span>}
      <div className="quorum-track" aria-hidden="true">
        <span className={`quorum-fill${reached ? " quorum-fill-reached" : ""}`} style={{ width: `${fill}%` }} />
        {mark !== null && <span className="quorum-marker" style={{ left: `${mark}%` }} />}
      </div>
      <p className="small quorum-text">
        {!compact && (
          <>
            <strong>
              {counted} of {required ?? "—"}
            </strong>{" "}
            votes toward the quorum (For and Abstain count) ·{" "}
          </>
        )}
        <span className={reached ? "quorum-reached" : "quorum-missing"}>{quorumText(quorum, over)}</span>
      </p>
    </div>
  );
}
