import type { ReactNode } from "react";
import type { ClusterStatus } from "../api/types.js";
import { STATUS_LABEL } from "./labels.js";

export function StatusBadge({ status }: { status: ClusterStatus | "none" }) {
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}

export function Badge({ tone, children }: { tone: "neutral" | "info" | "good" | "warn" | "bad" | "accent"; children: ReactNode }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}
