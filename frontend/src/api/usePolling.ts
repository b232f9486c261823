import { useEffect } from "react";
import { useApiReachability } from "./reachability.js";

/**
 * Calls `reload` every `ms` while the component is mounted: what it shows moves with the chain.
 * While the platform's server does not answer it waits (the status poll probes, backing off);
 * the views reload by themselves once it is back (useApi).
 */
export function usePolling(reload: () => void, ms = 2000): void {
  const { reachable } = useApiReachability();
  useEffect(() => {
    if (!reachable) return;
    const timer = setInterval(reload, ms);
    return () => clearInterval(timer);
  }, [reload, ms, reachable]);
}
