import type { Lifecycle, StatusChange } from "../api/types.js";
import { TxHash } from "../ui/Address.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { formatDuration, formatTime } from "../ui/format.js";

type Entry =
  | { type: "status"; change: StatusChange; time: string; txHash: string }
  | { type: "initiative"; record: Lifecycle["initiatives"][number]; time: string; txHash: string };

/**
 * A cluster's status changes, newest first; with its life-cycle record (GET
 * /api/clusters/:id/lifecycle) also the initiatives registered for it and the wind-down end.
 */
export function StatusTimeline({ changes, lifecycle }: { changes: StatusChange[]; lifecycle?: Lifecycle }) {
  const history = lifecycle?.history ?? changes;
  if (history.length === 0) return <p className="empty">No status changes recorded.</p>;
  // The API lists changes oldest first; several can share one block (createCluster walks the
  // whole life cycle in one transaction), so the order is kept rather than sorted by block;
  // an initiative record goes after the last change not later than it.
  const entries: Entry[] = history.map((c) => ({ type: "status", change: c, time: c.time, txHash: c.txHash }));
  for (const record of lifecycle?.initiatives ?? []) {
    let at = entries.length;
    while (at > 0 && Date.parse(entries[at - 1]!.time) > Date.parse(record.time)) at--;
    entries.splice(at, 0, { type: "initiative", record, time: record.time, txHash: record.txHash });
  }
  const newestFirst = entries.reverse();
  return (
    <ol className="timeline compact" data-testid="lifecycle-timeline">
      {lifecycle?.windDownEndsAt && (
        <li className="timeline-item">
          <span className="timeline-marker" aria-hidden="true" />
          <div className="timeline-head">
            <strong>Wind-down ends</strong>
            <span className="muted small">
              {formatTime(lifecycle.windDownEndsAt)} · {formatDuration(lifecycle.windDownPeriod)} after dissolving began
            </span>
          </div>
        </li>
      )}
      {newestFirst.map((e, i) => (
        <li key={`${e.txHash}-${e.type}-${i}`} className="timeline-item">
          <span className="timeline-marker" aria-hidden="true" />
          <div className="timeline-head">
            {e.type === "status" ? (
              <StatusBadge status={e.change.to} />
            ) : (
              <strong>{e.record.purpose === "formation" ? "Formation initiative registered" : "Dissolution initiative registered"}</strong>
            )}
            <span className="muted small">
              {formatTime(e.time)}
              {e.type === "status" && ` · block ${e.change.blockNumber}`} · <TxHash value={e.txHash} />
            </span>
          </div>
        </li>
      ))}
    </ol>
  );
}
