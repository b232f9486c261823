import express from "express";
import type { ApiDeps } from "./deps.js";
import { apiNotFound, errorHandler } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import { securityHeaders } from "./securityHeaders.js";
import type { RouteDef } from "./route.js";
import type { ServiceManifest } from "../../core/services/manifest.js";
import { mountStatus, statusRoute } from "./routes/status.js";
import { mountNames, namesRoute } from "./routes/names.js";
import { mountNetwork, networkNodesRoute, networkRoute } from "../network/routes.js";
import { frontendRouter } from "./static.js";
import { createOps } from "./ops.js";
import { FeedHub, type IndexedSource } from "../feed/hub.js";
import { INSTALLED_NAMES, INSTALLED_SERVICES } from "../services/index.js";
import { SettingsBook } from "../services/service-configuration/settings.js";
import { ManifestLibrary } from "../services/manifests.js";
import { loadGatewayKeys, type GatewayKeys } from "../gateway/keys.js";

export const API_INFO = { title: "Cluster Platform API", version: "0.1.0" };

/** Every operation of the API, each with its access declaration (the read model): the platform's (status, network), then each installed service's. */
export const ROUTES: RouteDef[] = [statusRoute, namesRoute, networkRoute, networkNodesRoute, ...INSTALLED_SERVICES.flatMap((s) => s.routes)];

/** The installed service a route belongs to (the status route belongs to the platform itself). */
export function serviceOfRoute(route: RouteDef): ServiceManifest | undefined {
  return INSTALLED_SERVICES.find((s) => s.routes.includes(route))?.manifest;
}

/** The notification feed's connections of an app made by createApp (the server ends them on stop). */
export function feedOf(app: express.Express): FeedHub | undefined {
  const hub: unknown = app.locals.feed;
  return hub instanceof FeedHub ? hub : undefined;
}

/** The Express app (API and web app) without listening, so tests and benchmarks can mount it. */
export function createApp(deps: ApiDeps): express.Express {
  const log = deps.log ?? ((line: string) => console.error(line));
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // Behind a reverse proxy, per-client limits (sign-in) must see the client, not the proxy.
  if (deps.config.api.trustProxy > 0) app.set("trust proxy", deps.config.api.trustProxy);
  app.use(securityHeaders());
  const ops = createOps(deps);
  app.use(ops.observe);
  app.use(ops.router);

  const api = express.Router();
  const { on, off } = deps.indexer;
  const source: IndexedSource | undefined = on && off ? { on: (e, l) => on.call(deps.indexer, e, l), off: (e, l) => off.call(deps.indexer, e, l) } : undefined;
  const feed = new FeedHub(deps.db, source);
  app.locals.feed = feed;
  mountStatus(api, deps);
  mountNames(api, deps);
  mountNetwork(api, deps);
  const manifests = deps.manifests ?? new ManifestLibrary(deps.store);
  const settings = new SettingsBook(deps.db, manifests, deps.store);
  let keys: Promise<GatewayKeys> | undefined;
  const gatewayKeys = () => (keys ??= deps.gatewayKeys ? Promise.resolve(deps.gatewayKeys) : loadGatewayKeys(null));
  for (const service of INSTALLED_SERVICES) {
    service.mount(api, { ...deps, service: service.manifest, feed, manifests, settings, installed: INSTALLED_NAMES, keys: gatewayKeys });
  }
  // Built on its first request (about 40 ms kept out of every start-up); public, like the read model it declares.
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  api.get("/api/openapi.json", (_req, res) => {
    res.json((openApi ??= openApiDocument(ROUTES, { ...API_INFO, server: deps.config.publicUrl.origin }, serviceOfRoute)));
  });
  api.use("/api", apiNotFound);
  app.use(api);

  const frontend = frontendRouter(deps.config.frontendDist);
  if (frontend) app.use(frontend);

  app.use(errorHandler(log));
  return app;
}
