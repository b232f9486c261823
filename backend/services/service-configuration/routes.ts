import type { Router } from "express";
import { manifestJsonSchema } from "../../../core/services/manifest.js";
import type { ManifestLibrary } from "../manifests.js";
import type { ApiDeps } from "../../api/deps.js";
import { notFound, serviceUnavailable } from "../../api/errors.js";
import { configHistory, existingCluster } from "../cluster-registration/clusters.js";
import { getService, listServices } from "./services.js";
import { defineRoute, mount, type MountDeps } from "../../api/route.js";
import { idParams } from "../../../core/api/schemas/common.js";
import { configHistory as configHistorySchema } from "../../../core/api/schemas/clusters.js";
import {
  manifestSchemaDocument,
  service,
  serviceList,
  serviceParams,
  serviceSettings,
  servicesQuery,
  settingsObject,
  settingsParams,
  storedSettings,
} from "../../../core/api/schemas/services.js";
import type { SettingsBook } from "./settings.js";
import { requireEnabled } from "../../api/serviceGate.js";

export const listServicesRoute = defineRoute({
  method: "get",
  path: "/api/services",
  tag: "services",
  summary: "The service catalog, optionally one repository",
  query: servicesQuery,
  response: serviceList,
  access: "public",
  errors: ["bad_request"],
});

export const manifestSchemaRoute = defineRoute({
  method: "get",
  path: "/api/services/manifest.schema.json",
  tag: "services",
  summary: "The JSON Schema every service manifest validates against",
  response: manifestSchemaDocument,
  access: "public",
  errors: [],
});

export const getServiceRoute = defineRoute({
  method: "get",
  path: "/api/services/:id",
  tag: "services",
  summary: "One catalog service (by id or name) with its manifest and version history",
  params: serviceParams,
  response: service,
  access: "public",
  errors: ["bad_request", "not_found"],
});

export const configHistoryRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/config/history",
  tag: "clusters",
  summary: "Configuration changes of a cluster, newest first",
  params: idParams,
  response: configHistorySchema,
  access: "memberOrCdc",
  errors: ["bad_request", "unauthorized", "forbidden", "not_found"],
});

export const settingsRoute = defineRoute({
  method: "get",
  path: "/api/clusters/:id/settings/:service",
  tag: "clusters",
  summary: "A service's settings in a cluster: those in force, the defaults, the schema and the configuration version that set them",
  params: settingsParams,
  response: serviceSettings,
  access: "memberOrCdc",
  errors: ["bad_request", "unauthorized", "forbidden", "not_found"],
});

export const storeSettingsRoute = defineRoute({
  method: "post",
  path: "/api/clusters/:id/settings/:service",
  tag: "clusters",
  summary:
    "Checks new settings of an enabled service against its schema and stores the complete document; answers the digest to sign (by the CDC while the cluster is set up, as a proposal once active)",
  params: settingsParams,
  body: settingsObject,
  response: storedSettings,
  access: "memberOrCdc",
  errors: ["bad_request", "unauthorized", "forbidden", "not_found", "service_unavailable"],
});

/** What the catalog routes need besides the index: the manifests, which services this platform runs, and the clusters' settings. */
export interface CatalogDeps {
  manifests: ManifestLibrary;
  installed: ReadonlySet<string>;
  settings: SettingsBook;
}

export function mountServices(router: Router, deps: ApiDeps & MountDeps & CatalogDeps): void {
  const { db, manifests, installed } = deps;
  mount(router, deps, listServicesRoute, ({ query }) => listServices(db, manifests, installed, query.repository));
  mount(router, deps, manifestSchemaRoute, () => manifestJsonSchema());
  mount(router, deps, getServiceRoute, async ({ params }) => {
    const found = await getService(db, manifests, installed, params.id);
    if (!found) throw notFound(`Service ${params.id} is not in the catalog`);
    return found;
  });
  mount(router, deps, configHistoryRoute, async ({ params }) => configHistory(db, await existingCluster(db, params.id)));
  mount(router, deps, settingsRoute, async ({ params }) => deps.settings.inForce(await existingCluster(db, params.id), params.service));
  mount(router, deps, storeSettingsRoute, async ({ params, body, req, res }) => {
    const clusterId = await existingCluster(db, params.id);
    // Settings of a service the cluster does not run could never be applied: the registry refuses them.
    await requireEnabled(db, clusterId, params.service, req, res);
    if (!deps.store) throw serviceUnavailable("No content store is configured: settings cannot be stored");
    return deps.settings.store(clusterId, params.service, body);
  });
}
