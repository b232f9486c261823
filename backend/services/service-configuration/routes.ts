import type { Router } from "express";
import { manifestJsonSchema } from "../../../core/services/manifest.js";
import type { ManifestLibrary } from "../manifests.js";
import type { ApiDeps } from "../../api/deps.js";
import { notFound } from "../../api/errors.js";
import { configHistory, existingCluster } from "../cluster-registration/clusters.js";
import { getService, listServices } from "./services.js";
import { defineRoute, mount, type MountDeps } from "../../api/route.js";
import { idParams } from "../../../core/api/schemas/common.js";
import { configHistory as configHistorySchema } from "../../../core/api/schemas/clusters.js";
import { manifestSchemaDocument, service, serviceList, serviceParams, servicesQuery } from "../../../core/api/schemas/services.js";

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

/** What the catalog routes need besides the index: the manifests and which services this platform runs. */
export interface CatalogDeps {
  manifests: ManifestLibrary;
  installed: ReadonlySet<string>;
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
  mount(router, deps, configHistoryRoute, ({ params }) => configHistory(db, existingCluster(db, params.id)));
}
