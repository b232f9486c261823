import type { NodeRemovalName, NodeStatusName, RegisteredNode } from "../api/types.js";
import { formatTime } from "../ui/format.js";

export const NODE_STATUS_LABEL: Record<NodeStatusName, string> = {
  pending: "Pending",
  approved: "Approved",
  rejected: "Rejected",
  removed: "Removed",
};

const NODE_STATUS_TONE: Record<NodeStatusName, string> = {
  pending: "tone-info",
  approved: "tone-good",
  rejected: "tone-bad",
  removed: "tone-neutral",
};

export const REMOVAL_LABEL: Record<NodeRemovalName, string> = {
  withdrawn: "Withdrawn by its owner",
  revoked: "Revoked by the CDC",
  ownerLeft: "Its owner left the cluster",
};

/** A registered node's status, as a badge like the clusters' StatusBadge. */
export function NodeStatusBadge({ status }: { status: NodeStatusName }) {
  return (
    <span className={`badge ${NODE_STATUS_TONE[status]}`} data-node-status={status}>
      {NODE_STATUS_LABEL[status]}
    </span>
  );
}

/** Whether the network admits the node now: approved and its owner still a member. */
export function AllowedBadge({ allowed }: { allowed: boolean }) {
  return (
    <span className={`badge ${allowed ? "tone-good" : "tone-neutral"}`} data-allowed={String(allowed)}>
      {allowed ? "Allowed" : "Not allowed"}
    </span>
  );
}

/** Why a node is out: the CDC's reason for a rejection, or how it was removed. */
export function outcomeText(n: RegisteredNode): string | undefined {
  if (n.status === "rejected") return n.reason ? `Rejected: ${n.reason}` : "Rejected without a reason";
  if (n.status === "removed") return n.removal ? REMOVAL_LABEL[n.removal] : "Removed";
  if (n.status === "approved" && !n.allowed) return "Approved, but its owner is no longer a member of a live cluster";
  return undefined;
}

export function clusterText(n: RegisteredNode): string {
  if (n.clusterId === 0) return "CDC infrastructure";
  return n.clusterName ? `#${n.clusterId} ${n.clusterName}` : `Cluster #${n.clusterId}`;
}

const RELATIVE = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });
const STEPS: [number, Intl.RelativeTimeFormatUnit][] = [
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** "3 minutes ago", from `iso` to `now` (ms); a moment ahead of the browser's clock (the clocks differ a little) reads "now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.min(Math.round((Date.parse(iso) - now) / 1000), 0);
  if (Number.isNaN(seconds)) return iso;
  for (const [size, unit] of STEPS) {
    if (-seconds >= size) return RELATIVE.format(Math.trunc(seconds / size), unit);
  }
  return RELATIVE.format(0, "second");
}

/**
 * A moment shown both ways: relative, then absolute (also in its tooltip). Chain times (a block's
 * timestamp) follow the chain's clock, not the browser's: `absolute` shows them without "ago".
 */
export function When({ iso, absolute = false }: { iso: string; absolute?: boolean }) {
  if (absolute)
    return (
      <time dateTime={iso} title={iso}>
        {formatTime(iso)}
      </time>
    );
  return (
    <time dateTime={iso} title={iso}>
      {relativeTime(iso)} <span className="muted small">· {formatTime(iso)}</span>
    </time>
  );
}
