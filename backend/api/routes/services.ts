import type { Router } from "express";
import type { ApiDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { getService, listServices } from "../read/services.js";
import { defineRoute, mount } from "../route.js";
import { idParams } from "../schemas/common.js";
import { service, serviceList, servicesQuery } from "../schemas/services.js";

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

export const getServiceRoute = defineRoute({
  method: "get",
  path: "/api/services/:id",
  tag: "services",
  summary: "One catalog service with its version history",
  params: idParams,
  response: service,
  access: "public",
  errors: ["bad_request", "not_found"],
});

export function mountServices(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  mount(router, deps, listServicesRoute, ({ query }) => listServices(db, query.repository));
  mount(router, deps, getServiceRoute, ({ params }) => {
    const found = getService(db, params.id);
    if (!found) throw notFound(`Service ${params.id} does not exist`);
    return found;
  });
}
