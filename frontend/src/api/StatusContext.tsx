import { createContext, useContext, type ReactNode } from "react";
import { api } from "./client.js";
import type { PlatformStatus } from "./types.js";
import { useApi, type Loaded } from "./useApi.js";
import { usePolling } from "./usePolling.js";

// The platform status carries the chain id and contract addresses every write needs,
// so it is loaded once for the whole app and refreshed in the background.
const StatusContext = createContext<Loaded<PlatformStatus> | undefined>(undefined);

const REFRESH_MS = 5000;

export function StatusProvider({ children }: { children: ReactNode }) {
  const status = useApi(api.status, "status");
  usePolling(status.reload, REFRESH_MS);
  return <StatusContext.Provider value={status}>{children}</StatusContext.Provider>;
}

export function usePlatformStatus(): Loaded<PlatformStatus> {
  const value = useContext(StatusContext);
  if (!value) throw new Error("usePlatformStatus must be used inside <StatusProvider>");
  return value;
}
