import express from "express";
import type { ApiDeps } from "./deps.js";
import { apiNotFound, errorHandler } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import { securityHeaders } from "./securityHeaders.js";
import type { RouteDef } from "./route.js";
import { meRoute, mountAuth, nonceRoute, verifyRoute } from "./routes/auth.js";
import {
  configHistoryRoute,
  directoryRoute,
  getClusterRoute,
  listClustersRoute,
  membersRoute,
  mountClusters,
  networkRoute,
} from "./routes/clusters.js";
import { getAgreementRoute, listAgreementsRoute, mountAgreements } from "./routes/agreements.js";
import { clearingRoute, mountClearing, obligationsRoute, proposalRoute, solutionRoute } from "./routes/clearing.js";
import {
  downloadRoute,
  getDocumentRoute,
  listDocumentsRoute,
  mountDocuments,
  uploadRoute,
  verifyRoute as verifyDocumentRoute,
} from "./routes/documents.js";
import { getServiceRoute, listServicesRoute, mountServices } from "./routes/services.js";
import { mountStatus, statusRoute } from "./routes/status.js";
import { frontendRouter } from "./static.js";
import { FeedHub, type IndexedSource } from "../feed/hub.js";
import { feedRoute, mountFeed } from "./routes/feed.js";
import {
  applicationsRoute,
  getProposalRoute,
  initiativesRoute,
  lifecycleRoute,
  listProposalsRoute,
  mountGovernance,
} from "./routes/governance.js";

export const API_INFO = { title: "Cluster Platform API", version: "0.1.0" };

/** Every operation of the API, each with its access declaration (the read model). */
export const ROUTES: RouteDef[] = [
  statusRoute,
  listServicesRoute,
  getServiceRoute,
  listClustersRoute,
  getClusterRoute,
  configHistoryRoute,
  membersRoute,
  networkRoute,
  directoryRoute,
  nonceRoute,
  verifyRoute,
  meRoute,
  listDocumentsRoute,
  getDocumentRoute,
  uploadRoute,
  verifyDocumentRoute,
  downloadRoute,
  listAgreementsRoute,
  getAgreementRoute,
  obligationsRoute,
  clearingRoute,
  solutionRoute,
  proposalRoute,
  listProposalsRoute,
  getProposalRoute,
  initiativesRoute,
  applicationsRoute,
  lifecycleRoute,
  feedRoute,
];

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

  const api = express.Router();
  // Documents first: upload and verify read the raw request body as a stream, before any parser.
  mountDocuments(api, deps);
  api.use("/api", express.json({ limit: "64kb" }));
  mountStatus(api, deps);
  mountServices(api, deps);
  mountClusters(api, deps);
  mountAuth(api, deps);
  mountAgreements(api, deps);
  mountClearing(api, deps);
  mountGovernance(api, deps);
  const { on, off } = deps.indexer;
  const source: IndexedSource | undefined =
    on && off
      ? { on: (e, l) => on.call(deps.indexer, e, l), off: (e, l) => off.call(deps.indexer, e, l) }
      : undefined;
  const hub = new FeedHub(deps.db, source);
  app.locals.feed = hub;
  mountFeed(api, deps, hub);
  // Built on its first request (about 40 ms kept out of every start-up); public, like the read model it declares.
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  api.get("/api/openapi.json", (_req, res) => {
    res.json((openApi ??= openApiDocument(ROUTES, { ...API_INFO, server: deps.config.publicUrl.origin })));
  });
  api.use("/api", apiNotFound);
  app.use(api);

  const frontend = frontendRouter(deps.config.frontendDist);
  if (frontend) app.use(frontend);

  app.use(errorHandler(log));
  return app;
}
