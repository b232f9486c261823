import type { StatusChange } from "../api/types.js";
import { TxHash } from "../ui/Address.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { formatTime } from "../ui/format.js";

export function StatusTimeline({ changes }: { changes: StatusChange[] }) {
  if (changes.length === 0) return <p className="empty">No status changes recorded.</p>;
  const newestFirst = [...changes].sort((a, b) => b.blockNumber - a.blockNumber);
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
