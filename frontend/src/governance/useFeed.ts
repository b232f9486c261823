import { useEffect, useState } from "react";
import { NOTIFICATION_TYPES, type Notification } from "../api/types.js";

const KEEP = 30;

/**
 * The signed-in member's notification feed (GET /api/feed, server-sent events). EventSource
 * cannot send an Authorization header, so the session token goes in the query. Newest first;
 * the same vote and event type replaces its older entry.
 */
export function useFeed(token: string | undefined): Notification[] {
  const [items, setItems] = useState<Notification[]>([]);
  useEffect(() => {
    setItems([]);
    if (!token || typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/feed?token=${encodeURIComponent(token)}`);
    const onEvent = (event: MessageEvent<string>) => {
      let n: Notification;
      try {
        n = JSON.parse(event.data) as Notification;
      } catch {
        return;
      }
      setItems((old) => [n, ...old.filter((o) => !(o.proposalId === n.proposalId && o.clusterId === n.clusterId && o.type === n.type))].slice(0, KEEP));
    };
    for (const type of NOTIFICATION_TYPES) source.addEventListener(type, onEvent);
    return () => source.close();
  }, [token]);
  return items;
}
