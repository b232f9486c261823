import type { Vote } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { formatTime } from "../ui/format.js";
import { Badge } from "../ui/StatusBadge.js";
import { SUPPORT_LABEL } from "./labels.js";

const SUPPORT_TONE = { for: "good", against: "bad", abstain: "neutral" } as const;

/** Who voted how and why, in chain order; a ballot signed by the voter and submitted by someone else says so. */
export function VoteList({ votes }: { votes: Vote[] }) {
  if (votes.length === 0) return <p className="small muted">No votes yet.</p>;
  return (
    <section className="votes" aria-label={`Votes (${votes.length})`}>
      <h3 className="votes-title">Votes ({votes.length})</h3>
      <ul className="small vote-list" data-testid="vote-list">
        {votes.map((v) => (
          <li key={v.voter} data-voter={v.voter} data-by-signature={v.bySignature} data-support={v.support}>
            <span className="vote-who">
              <Address value={v.voter} /> <Badge tone={SUPPORT_TONE[v.support]}>{SUPPORT_LABEL[v.support]}</Badge>
              {v.bySignature && <span className="muted"> · signed ballot</span>}
              <time className="muted nowrap" dateTime={v.time}>
                {" "}
                · {formatTime(v.time)}
              </time>
            </span>
            {v.reason && <q className="vote-reason">{v.reason}</q>}
          </li>
        ))}
      </ul>
    </section>
  );
}
