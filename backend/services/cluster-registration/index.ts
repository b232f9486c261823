import { clusterRegistration } from "../../../core/services/catalog/clusterRegistration.js";
import type { BackendService } from "../service.js";
import { directoryRoute, getClusterRoute, listClustersRoute, membersRoute, mountClusters, networkRoute } from "./clusterRoutes.js";
import { getProposalRoute, initiativesRoute, lifecycleRoute, listProposalsRoute, mountGovernance } from "./governanceRoutes.js";

/** The cluster-registration service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const clusterRegistrationService: BackendService = {
  manifest: clusterRegistration,
  routes: [
    listClustersRoute,
    getClusterRoute,
    membersRoute,
    networkRoute,
    directoryRoute,
    listProposalsRoute,
    getProposalRoute,
    initiativesRoute,
    lifecycleRoute,
  ],
  mount: (router, deps) => {
    mountClusters(router, deps);
    mountGovernance(router, deps);
  },
};
