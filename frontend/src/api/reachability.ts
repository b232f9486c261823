import { useSyncExternalStore } from "react";

/**
 * Whether the platform's server answers, as the latest request found it. The API client reports
 * every answer and every failure to connect; the status poll probes (backing off) while it is
 * away, polling elsewhere pauses, and each return bumps `reconnects`, which makes every loaded
 * view fetch again by itself.
 */
export interface Reachability {
  reachable: boolean;
  /** How many times the server came back after going away. */
  reconnects: number;
}

let snapshot: Reachability = { reachable: true, reconnects: 0 };
const listeners = new Set<() => void>();

/** Called by the API client: `answered` is false when no HTTP answer came from the platform's server. */
export function reportApiAnswer(answered: boolean): void {
  if (answered === snapshot.reachable) return;
  snapshot = { reachable: answered, reconnects: snapshot.reconnects + (answered ? 1 : 0) };
  for (const listener of listeners) listener();
}

export function apiReachable(): boolean {
  return snapshot.reachable;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useApiReachability(): Reachability {
  return useSyncExternalStore(subscribe, () => snapshot);
}
