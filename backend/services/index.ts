import type { Router } from "express";
import { authentication } from "../../core/services/catalog/authentication.js";
import { clusterRegistration } from "../../core/services/catalog/clusterRegistration.js";
import { corporateClearing } from "../../core/services/catalog/corporateClearing.js";
import { documentManagement } from "../../core/services/catalog/documentManagement.js";
import { memberRegistration } from "../../core/services/catalog/memberRegistration.js";
import { messaging } from "../../core/services/catalog/messaging.js";
import { serviceConfiguration } from "../../core/services/catalog/serviceConfiguration.js";
import { smartContracts } from "../../core/services/catalog/smartContracts.js";
import type { ServiceManifest } from "../../core/services/manifest.js";
import type { ApiDeps } from "../api/deps.js";
import type { RouteDef } from "../api/route.js";
import { getAgreementRoute, listAgreementsRoute, mountAgreements } from "../api/routes/agreements.js";
import { applicationsRoute, mountApplications } from "../api/routes/applications.js";
import { meRoute, mountAuth, nonceRoute, verifyRoute } from "../api/routes/auth.js";
import { clearingRoute, mountClearing, obligationsRoute, proposalRoute, solutionRoute, unwindRoute } from "../api/routes/clearing.js";
import { directoryRoute, getClusterRoute, listClustersRoute, membersRoute, mountClusters, networkRoute } from "../api/routes/clusters.js";
import { downloadRoute } from "../api/routes/download.js";
import { getDocumentRoute, listDocumentsRoute, mountDocuments, uploadRoute, verifyRoute as verifyDocumentRoute } from "../api/routes/documents.js";
import { feedRoute, mountFeed } from "../api/routes/feed.js";
import { getProposalRoute, initiativesRoute, lifecycleRoute, listProposalsRoute, mountGovernance } from "../api/routes/governance.js";
import { configHistoryRoute, getServiceRoute, listServicesRoute, manifestSchemaRoute, mountServices, type CatalogDeps } from "../api/routes/services.js";
import type { MountDeps } from "../api/route.js";
import {
  deliveriesRoute,
  gatewayRoutes,
  jwksRoute,
  mountGateway,
  replayRoute,
  storeManifestRoute,
  webhookSecretRoute,
  type GatewayDeps,
} from "../api/routes/gateway.js";
import type { FeedHub } from "../feed/hub.js";

/** What a service's API part is given: the platform's dependencies, its own manifest, and the shared parts. */
export type ServiceDeps = ApiDeps & MountDeps & CatalogDeps & GatewayDeps & { service: ServiceManifest; feed: FeedHub };

/** A service this backend runs: its manifest, the API operations it adds, and how they are mounted. */
export interface BackendService {
  manifest: ServiceManifest;
  routes: readonly RouteDef[];
  mount(router: Router, deps: ServiceDeps): void;
}

/**
 * The services installed in this backend: the API is assembled from this list, and each
 * service's cluster routes answer only in clusters that enabled it. Catalog services not listed
 * here (user administration, e-mail, CRM, balance models) are not built yet.
 */
export const INSTALLED_SERVICES: readonly BackendService[] = [
  // Documents first: upload and verify read the raw request body as a stream.
  {
    manifest: documentManagement,
    routes: [listDocumentsRoute, getDocumentRoute, uploadRoute, verifyDocumentRoute, downloadRoute],
    mount: mountDocuments,
  },
  { manifest: authentication, routes: [nonceRoute, verifyRoute, meRoute], mount: mountAuth },
  { manifest: messaging, routes: [feedRoute], mount: (router, deps) => mountFeed(router, deps, deps.feed) },
  {
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
  },
  {
    manifest: serviceConfiguration,
    routes: [
      listServicesRoute,
      manifestSchemaRoute,
      getServiceRoute,
      configHistoryRoute,
      jwksRoute,
      storeManifestRoute,
      deliveriesRoute,
      webhookSecretRoute,
      replayRoute,
      ...gatewayRoutes,
    ],
    mount: (router, deps) => {
      mountServices(router, deps);
      mountGateway(router, deps);
    },
  },
  { manifest: memberRegistration, routes: [applicationsRoute], mount: mountApplications },
  { manifest: smartContracts, routes: [listAgreementsRoute, getAgreementRoute], mount: mountAgreements },
  {
    manifest: corporateClearing,
    routes: [obligationsRoute, clearingRoute, solutionRoute, unwindRoute, proposalRoute],
    mount: mountClearing,
  },
];

/** The names of the installed services (the catalog's `installed`). */
export const INSTALLED_NAMES: ReadonlySet<string> = new Set(INSTALLED_SERVICES.map((s) => s.manifest.id));
