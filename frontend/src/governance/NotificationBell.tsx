import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import type { Notification } from "../api/types.js";
import { formatDuration } from "../ui/format.js";
import { useWallet } from "../wallet/WalletContext.js";
import { KIND_LABEL } from "./labels.js";
import { useFeed } from "./useFeed.js";

const TEXT: Record<Notification["type"], string> = {
  "vote.opened": "Vote opened",
  "vote.closing": "Vote closing soon",
  "vote.closed": "Vote closed",
  "vote.awaits": "Your vote is awaited",
};

/** The header's bell: the signed-in member's votes opened, closing, closed or awaiting them. */
export function NotificationBell() {
  const { session } = useWallet();
  const items = useFeed(session?.token);
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(0);
  useEffect(() => {
    if (open) setSeen(items.length);
  }, [open, items.length]);
  if (!session) return null;
  const unread = Math.max(items.length - seen, 0);
  return (
    <div className="bell">
      <button
        type="button"
        className="icon-button"
        aria-label={`Notifications${unread ? `, ${unread} new` : ""}`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="notification-bell"
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" />
        </svg>
        {unread > 0 && <span className="bell-count">{unread}</span>}
      </button>
      {open && (
        <div className="bell-panel" role="dialog" aria-label="Notifications">
          {items.length === 0 ? (
            <p className="muted small">No notifications.</p>
          ) : (
            <ul>
              {items.map((n) => (
                <li key={`${n.type}-${n.clusterId}-${n.proposalId}`} data-notification={n.type}>
                  <strong>{TEXT[n.type]}</strong>
                  <div className="small">
                    <Link to={n.kind === "formation" ? "/initiatives" : `/clusters/${n.clusterId}/proposals/${n.proposalId}`} onClick={() => setOpen(false)}>
                      {n.clusterName}: {KIND_LABEL[n.kind]}
                    </Link>
                    {n.description && ` — ${n.description}`}
                  </div>
                  {n.state === "active" && n.secondsLeft > 0 && <div className="muted small">{formatDuration(n.secondsLeft)} left</div>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
