import type { Request, RequestHandler, Response } from "express";
import type { ServiceManifest } from "../../core/services/manifest.js";
import type { ApiDeps } from "./deps.js";
import { forbidden } from "./errors.js";
import { existingCluster } from "../services/cluster-registration/clusters.js";
import { serviceEnabled } from "../services/service-configuration/services.js";

/** Routes about one cluster: their `:id` names it. */
const CLUSTER_ROUTE = /^\/api\/clusters\/:id(\/|$)/;

/** 403 unless cluster `clusterId` enables `service`; a refused request's body is not read, so its connection ends. */
export async function requireEnabled(db: ApiDeps["db"], clusterId: number, service: string, req: Request, res: Response): Promise<void> {
  if (await serviceEnabled(db, clusterId, service)) return;
  if (req.method !== "GET") res.setHeader("Connection", "close");
  throw forbidden(`Service ${service} is not enabled in cluster ${clusterId}`);
}

/** Whether a route of `service` at `path` answers only in clusters that enabled the service. */
export function isGated(service: ServiceManifest | undefined, path: string): service is ServiceManifest {
  return service !== undefined && service.repository !== "system" && CLUSTER_ROUTE.test(path);
}

function clusterParam(res: Response): number {
  const params = (res.locals.input as { params?: { id?: unknown } } | undefined)?.params;
  if (typeof params?.id !== "number") throw new Error("A cluster route needs a numeric :id path parameter");
  return params.id;
}

/**
 * The check in front of a service's cluster routes: a cluster that has not enabled the service
 * (in its on-chain configuration, as indexed) gets 403 before anything is read or stored, so a
 * service switched off by the CDC or by the members' vote is gone from the API within a block.
 * System services are the platform itself and answer for every cluster; routes not about one
 * cluster are not gated.
 */
export function serviceGate(deps: Pick<ApiDeps, "db"> & { service?: ServiceManifest }, path: string): RequestHandler[] {
  const { service } = deps;
  if (!isGated(service, path)) return [];
  return [
    async (req, res, next) => {
      await requireEnabled(deps.db, await existingCluster(deps.db, clusterParam(res)), service.id, req, res);
      next();
    },
  ];
}
