import type { StatusChange } from "../api/types.js";
import { TxHash } from "../ui/Address.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";

export function StatusTimeline({ changes }: { changes: StatusChange[] }) {
  if (changes.length === 0) return <p className="empty">No status changes recorded.</p>;
  // The API lists changes oldest first; several can share one block (createCluster walks the
  // whole life cycle in one transaction), so the order is kept rather than sorted by block.
  const newestFirst = [...changes].reverse();
  return (
    <ol className="timeline compact">
      {newestFirst.map((c, i) => (
        <li key={`${c.txHash}-${c.to}-${i}`} className="timeline-item">
          <span className="timeline-marker" aria-hidden="true" />
          <div className="timeline-head">
            <StatusBadge status={c.to} />
            <span className="muted small">
              {formatTime(c.time)} · block {c.blockNumber} · <TxHash value={c.txHash} />
            </span>
          </div>
        </li>
      ))}
    </ol>
  );
}
