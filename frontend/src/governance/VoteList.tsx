import type { Vote } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { formatTime } from "../ui/format.js";
import { accountText } from "../ui/names.js";
import { byNumber, ListSearch, Pager, useListView } from "../ui/listView.js";
import { Badge } from "../ui/StatusBadge.js";
import { SUPPORT_LABEL } from "./labels.js";

const SUPPORT_TONE = { for: "good", against: "bad", abstain: "neutral" } as const;

/**
 * Who voted how and why, in chain order; a ballot signed by the voter and submitted by someone
 * else says so. A vote of a large cluster has as many ballots as members: past a page, they are
 * searched (by voter, choice or reason) and paged.
 */
export function VoteList({ votes }: { votes: Vote[] }) {
  const order = new Map(votes.map((v, i) => [v, i]));
  const view = useListView(votes, {
    searchText: (v) => [...accountText(v.voter), SUPPORT_LABEL[v.support], v.reason],
    sorts: { order: byNumber((v: Vote) => order.get(v) ?? 0) },
    initialSort: { key: "order", direction: "asc" },
  });
  if (votes.length === 0) return <p className="small muted">No votes yet.</p>;
  const paged = votes.length > view.pageSize;
  return (
    <section className="votes" aria-label={`Votes (${votes.length})`}>
      <h3 className="votes-title">Votes ({votes.length})</h3>
      {paged && <ListSearch view={view} noun="votes" one="vote" placeholder="Search by voter, choice or reason…" />}
      <ul className="small vote-list" data-testid="vote-list">
        {view.rows.map((v) => (
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
      {view.matching === 0 && <p className="small muted">No vote matches.</p>}
      <Pager view={view} noun="votes" />
    </section>
  );
}
