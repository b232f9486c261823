import type { Router } from "express";
import type { ServiceManifest } from "../../core/services/manifest.js";
import type { ApiDeps } from "../api/deps.js";
import type { MountDeps, RouteDef } from "../api/route.js";
import type { FeedHub } from "../feed/hub.js";
import type { CatalogDeps } from "./service-configuration/routes.js";
import type { GatewayDeps } from "./service-configuration/gatewayRoutes.js";

/** What a service's API part is given: the platform's dependencies, its own manifest, and the shared parts. */
export type ServiceDeps = ApiDeps & MountDeps & CatalogDeps & GatewayDeps & { service: ServiceManifest; feed: FeedHub };

/** A service this backend runs: its manifest, the API operations it adds, and how they are mounted. */
export interface BackendService {
  manifest: ServiceManifest;
  routes: readonly RouteDef[];
  mount(router: Router, deps: ServiceDeps): void;
}
