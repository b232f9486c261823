import { createContext, useContext, useEffect, type ReactNode } from "react";
import { api } from "./client.js";
import type { PlatformStatus } from "./types.js";
import { useApi, type Loaded } from "./useApi.js";

// The platform status carries the chain id and contract addresses every write needs,
// so it is loaded once for the whole app and refreshed in the background.
const StatusContext = createContext<Loaded<PlatformStatus> | undefined>(undefined);

const REFRESH_MS = 5000;

export function StatusProvider({ children }: { children: ReactNode }) {
  const status = useApi(api.status, "status");
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return <StatusContext.Provider value={status}>{children}</StatusContext.Provider>;
}

export function usePlatformStatus(): Loaded<PlatformStatus> {
  const value = useContext(StatusContext);
  if (!value) throw new Error("usePlatformStatus must be used inside <StatusProvider>");
  return value;
}
