import { api } from "../api/client.js";
import type { DirectoryEntry } from "../api/types.js";
import { useApi, type Loaded } from "../api/useApi.js";

/** The member directory with encryption keys: a member-only read, so empty for anyone else. */
export function useDirectory(clusterId: number, token: string | undefined, isMember: boolean): Loaded<DirectoryEntry[]> {
  return useApi(() => (token && isMember ? api.directory(clusterId, token) : Promise.resolve([])), `directory-${clusterId}-${token ?? ""}-${isMember}`);
}
