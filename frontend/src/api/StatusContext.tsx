import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api } from "./client.js";
import type { PlatformStatus } from "./types.js";
import type { Loaded } from "./useApi.js";
import { useApiReachability } from "./reachability.js";

// The platform status carries the chain id and contract addresses every write needs,
// so it is loaded once for the whole app and refreshed in the background.
const StatusContext = createContext<Loaded<PlatformStatus> | undefined>(undefined);

const REFRESH_MS = 5000;
/** While the server does not answer, the poll is its only probe: 1 s, 2 s, 4 s… up to this. */
const MAX_RETRY_MS = 15_000;

/** The wait before the next poll after `failures` unanswered ones in a row. */
function nextPollMs(failures: number): number {
  return failures === 0 ? REFRESH_MS : Math.min(1000 * 2 ** (failures - 1), MAX_RETRY_MS);
}

export function StatusProvider({ children }: { children: ReactNode }) {
  const [data, setData] = useState<PlatformStatus>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const failures = useRef(0);
  const { reachable } = useApiReachability();

  // One poll at a time; reload() polls at once and restarts the wait.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      setLoading(true);
      try {
        const status = await api.status();
        if (!live) return;
        failures.current = 0;
        setData(status);
        setError(undefined);
      } catch (cause) {
        if (!live) return;
        failures.current++;
        setError(cause instanceof Error ? cause : new Error(String(cause)));
      }
      setLoading(false);
      timer = setTimeout(() => void poll(), nextPollMs(failures.current));
    };
    void poll();
    // Back at the tab or on the network again: ask now rather than at the end of a long wait.
    const now = () => failures.current > 0 && setGeneration((g) => g + 1);
    window.addEventListener("online", now);
    window.addEventListener("focus", now);
    return () => {
      live = false;
      clearTimeout(timer);
      window.removeEventListener("online", now);
      window.removeEventListener("focus", now);
    };
  }, [generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // Another request found the server away before this poll did: the back-off starts now.
  useEffect(() => {
    if (!reachable && failures.current === 0) reload();
  }, [reachable, reload]);
  const value = useMemo(() => ({ data, error, loading, reload }), [data, error, loading, reload]);
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

export function usePlatformStatus(): Loaded<PlatformStatus> {
  const value = useContext(StatusContext);
  if (!value) throw new Error("usePlatformStatus must be used inside <StatusProvider>");
  return value;
}
