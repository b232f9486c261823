import { useEffect } from "react";

/** Calls `reload` every `ms` while the component is mounted: what it shows moves with the chain. */
export function usePolling(reload: () => void, ms = 2000): void {
  useEffect(() => {
    const timer = setInterval(reload, ms);
    return () => clearInterval(timer);
  }, [reload, ms]);
}
