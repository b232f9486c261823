import { useOutletContext } from "react-router-dom";
import type { ClusterDetail, Service } from "../api/types.js";

/** What the cluster page hands its tabs: the loaded cluster and a way to re-read it. */
export interface ClusterOutlet {
  cluster: ClusterDetail;
  reload: () => void;
  /** Names of the services its configuration enables; undefined until the catalog is read. */
  enabledNames: ReadonlySet<string> | undefined;
  /** The service catalog the page read (undefined until it is read). */
  catalog: Service[] | undefined;
}

export function useClusterOutlet(): ClusterOutlet {
  return useOutletContext<ClusterOutlet>();
}
