import { api } from "../api/client.js";
import type { DirectoryEntry } from "../api/types.js";
import { useApi, type Loaded } from "../api/useApi.js";

/**
 * The member directory with encryption keys: a member-only read, so empty for anyone else.
 * An answer is shown only for the reader it was asked for: while a newly recognised member's
 * directory loads, the empty one read before is not offered as theirs (a form that encrypts
 * would otherwise find nobody's key).
 */
export function useDirectory(clusterId: number, token: string | undefined, isMember: boolean): Loaded<DirectoryEntry[]> {
  const key = `directory-${clusterId}-${token ?? ""}-${isMember}`;
  const loaded = useApi(async () => ({ key, entries: token && isMember ? await api.directory(clusterId, token) : [] }), key);
  return { ...loaded, data: loaded.data?.key === key ? loaded.data.entries : undefined };
}
