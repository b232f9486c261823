import { useEffect, useState } from "react";
import { followEventStream } from "../api/eventStream.js";
import { NOTIFICATION_TYPES, type Notification } from "../api/types.js";

const KEEP = 30;
const TYPES = new Set<string>(NOTIFICATION_TYPES);

/**
 * The signed-in member's notification feed (GET /api/feed, server-sent events), read with fetch
 * so that the session token goes in the Authorization header, never in the URL; reconnects with
 * Last-Event-ID. Newest first; the same vote and event type replaces its older entry.
 */
export function useFeed(token: string | undefined): Notification[] {
  const [items, setItems] = useState<Notification[]>([]);
  useEffect(() => {
    setItems([]);
    if (!token) return;
    const stop = new AbortController();
    void followEventStream("/api/feed", {
      token,
      signal: stop.signal,
      onEvent(event) {
        if (!TYPES.has(event.type)) return;
        let n: Notification;
        try {
          n = JSON.parse(event.data) as Notification;
        } catch {
          return;
        }
        setItems((old) => [n, ...old.filter((o) => !(o.proposalId === n.proposalId && o.clusterId === n.clusterId && o.type === n.type))].slice(0, KEEP));
      },
    });
    return () => stop.abort();
  }, [token]);
  return items;
}
