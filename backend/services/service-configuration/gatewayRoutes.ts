import type { Router } from "express";
import { z } from "zod";
import { GATEWAY_JWKS_PATH } from "../../../core/services/gateway.js";
import { manifestBytes, parseManifest, ManifestError, serviceId } from "../../../core/services/manifest.js";
import { sessionOf } from "../../auth/middleware.js";
import { externalService } from "../../gateway/external.js";
import type { GatewayKeys } from "../../gateway/keys.js";
import { forward, upstreamUrl } from "../../gateway/proxy.js";
import { EgressPolicy } from "../../gateway/egress.js";
import { callerClaims, issueGatewayToken } from "../../gateway/token.js";
import type { ManifestLibrary } from "../manifests.js";
import type { ContentStore } from "../../storage/contentStore.js";
import { accessGuard } from "../../api/access.js";
import type { ApiDeps } from "../../api/deps.js";
import { badRequest, notFound, serviceUnavailable } from "../../api/errors.js";
import { existingCluster } from "../cluster-registration/clusters.js";
import { serviceName } from "./services.js";
import { requireEnabled } from "../../api/serviceGate.js";
import { listDeliveries, replayDelivery } from "./webhooks.js";
import { answerPage } from "../../api/paging.js";
import type { CatalogDeps } from "./routes.js";
import { defineRoute, mount, type MountDeps } from "../../api/route.js";
import { idString } from "../../../core/api/schemas/common.js";
import {
  deliveryList,
  deliveryParams,
  deliveriesQuery,
  jwks,
  manifest,
  serviceParams,
  storedManifest,
  webhookSecret,
} from "../../../core/api/schemas/services.js";

export const jwksRoute = defineRoute({
  method: "get",
  path: GATEWAY_JWKS_PATH,
  tag: "services",
  summary: "The public keys of the gateway's tokens (JWKS): external services verify their callers with them",
  response: jwks,
  access: "public",
  errors: [],
});

export const storeManifestRoute = defineRoute({
  method: "post",
  path: "/api/services/manifests",
  tag: "services",
  summary: "Validates a service manifest and stores its canonical JSON in the content store; answers the CID to register in the catalog",
  body: manifest,
  response: storedManifest,
  access: "cdc",
  errors: ["bad_request", "service_unavailable"],
});

export const deliveriesRoute = defineRoute({
  method: "get",
  path: "/api/services/:id/deliveries",
  tag: "services",
  summary: "Webhook deliveries to an external service, newest first unless sorted otherwise, a page at a time (failed ones can be replayed)",
  params: serviceParams,
  query: deliveriesQuery,
  response: deliveryList,
  access: "cdc",
  errors: ["bad_request", "not_found"],
});

export const webhookSecretRoute = defineRoute({
  method: "get",
  path: "/api/services/:id/webhook-secret",
  tag: "services",
  summary: "The secret an external service verifies its webhooks with (Standard Webhooks, whsec_…): for the CDC to hand over",
  params: serviceParams,
  response: webhookSecret,
  access: "cdc",
  errors: ["bad_request", "not_found"],
});

export const replayRoute = defineRoute({
  method: "post",
  path: "/api/services/:id/deliveries/:deliveryId/replay",
  tag: "services",
  summary: "Sends a delivery again (its attempts start over); the receiver applies each webhook id once",
  params: deliveryParams,
  response: deliveryList.element,
  access: "cdc",
  errors: ["bad_request", "not_found"],
});

const gatewayParams = z.object({ id: idString.describe("Cluster id"), service: serviceId, rest: z.array(z.string()) });

const GATEWAY_METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The gateway's operations, one per method: forwarded to the external service as is. */
export const gatewayRoutes = GATEWAY_METHODS.map((method) =>
  defineRoute({
    method,
    path: "/api/clusters/:id/services/:service/*rest",
    tag: "services",
    summary: `Forwards a ${method.toUpperCase()} to the external service, if the cluster enabled it, with a gateway token naming the caller`,
    params: gatewayParams,
    response: z.unknown().describe("Whatever the service answers"),
    access: "signedIn",
    errors: ["bad_request", "forbidden", "not_found", "payload_too_large", "bad_gateway", "gateway_timeout"],
  }),
);

/** What the gateway routes need: the manifests behind the catalog and the gateway's keys. */
export interface GatewayDeps {
  manifests: ManifestLibrary;
  keys: () => Promise<GatewayKeys>;
}

async function storeManifest(store: ContentStore | undefined, body: unknown): Promise<{ cid: string; size: number }> {
  if (!store) throw serviceUnavailable("No content store is configured: manifests cannot be stored");
  let parsed;
  try {
    parsed = parseManifest(body);
  } catch (err) {
    if (err instanceof ManifestError) throw badRequest(err.message);
    throw err;
  }
  return store.add(manifestBytes(parsed));
}

export function mountGateway(router: Router, deps: ApiDeps & MountDeps & GatewayDeps & Pick<CatalogDeps, "settings">): void {
  const { db, manifests, config } = deps;
  const egress = new EgressPolicy(config.gateway.privateOrigins);
  mount(router, deps, jwksRoute, async () => ({ keys: [(await deps.keys()).publicJwk] }));
  mount(router, deps, storeManifestRoute, async ({ body }) => storeManifest(deps.store, body));
  mount(router, deps, deliveriesRoute, async ({ params, query, req, res }) => {
    const found = await externalServiceOrNotFound(params.id);
    return answerPage({ req, res }, await listDeliveries(db, found, query));
  });
  mount(router, deps, webhookSecretRoute, async ({ params, res }) => {
    const found = await externalServiceOrNotFound(params.id);
    res.set("Cache-Control", "no-store");
    return { service: found, secret: (await deps.keys()).webhookSecret(found) };
  });
  mount(router, deps, replayRoute, async ({ params }) => {
    const found = await externalServiceOrNotFound(params.id);
    const replayed = await replayDelivery(db, found, params.deliveryId);
    if (!replayed) throw notFound(`Service ${found} has no delivery ${params.deliveryId}`);
    return replayed;
  });

  async function externalServiceOrNotFound(idOrName: number | string): Promise<string> {
    const name = await serviceName(db, idOrName);
    if (!name || !(await externalService(db, manifests, name))) throw notFound(`Service ${idOrName} is not an external service in the catalog`);
    return name;
  }

  // Streams its own answer (not through mount), behind the same validation and access guard.
  for (const def of gatewayRoutes) {
    router[def.method](
      def.path,
      (req, res, next) => {
        const parsed = gatewayParams.safeParse(req.params);
        if (!parsed.success) throw badRequest(`Invalid path parameters: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        res.locals.gateway = parsed.data;
        next();
      },
      ...accessGuard(deps, def.access),
      async (req, res) => {
        const { id, service, rest } = res.locals.gateway as z.output<typeof gatewayParams>;
        const clusterId = await existingCluster(db, id);
        const external = await externalService(db, manifests, service);
        if (!external) throw notFound(`Service ${service} is not an external service in the catalog`);
        await requireEnabled(db, clusterId, service, req, res);
        const target = upstreamUrl(external, rest, req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "");
        const claims = { ...(await callerClaims(deps, sessionOf(res), clusterId)), settings: (await deps.settings.values(clusterId, service)) ?? {} };
        const token = await issueGatewayToken(await deps.keys(), config.publicUrl.origin, service, claims);
        await forward(external, target, req, res, { token, timeoutMs: config.gateway.timeoutMs, maxBodyBytes: config.gateway.maxBodyBytes, egress });
      },
    );
  }
}
