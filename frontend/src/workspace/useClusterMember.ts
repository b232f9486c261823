import type { ClusterDetail } from "../api/types.js";
import { useWallet } from "../wallet/WalletContext.js";

/** Who is at the screen for this cluster: the connected account, its session, and whether it holds a seat. */
export interface ClusterMember {
  account: string | undefined;
  token: string | undefined;
  isMember: boolean;
  /** Its role in this cluster (null when it holds no seat). */
  role: "participant" | "core" | null;
}

export function useClusterMember(cluster: ClusterDetail): ClusterMember {
  const { account, session, me } = useWallet();
  const role = me?.roles.clusters.find((c) => c.clusterId === cluster.id)?.role ?? null;
  return { account, token: session?.token, isMember: role !== null, role };
}
