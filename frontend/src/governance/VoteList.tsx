import type { Vote } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { Badge } from "../ui/StatusBadge.js";

const SUPPORT_TONE = { for: "good", against: "bad", abstain: "neutral" } as const;

/** Who voted how; a ballot signed by the voter and submitted by someone else says so. */
export function VoteList({ votes }: { votes: Vote[] }) {
  if (votes.length === 0) return null;
  return (
    <ul className="small vote-list" data-testid="vote-list" aria-label={`Votes (${votes.length})`}>
      {votes.map((v) => (
        <li key={v.voter} data-voter={v.voter} data-by-signature={v.bySignature}>
          <Address value={v.voter} /> <Badge tone={SUPPORT_TONE[v.support]}>{v.support}</Badge>
          {v.bySignature && <span className="muted"> · signed ballot</span>}
          {v.reason && <> — “{v.reason}”</>}
        </li>
      ))}
    </ul>
  );
}
