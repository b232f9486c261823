import { messaging } from "../../../core/services/catalog/messaging.js";
import type { BackendService } from "../service.js";
import { feedRoute, mountFeed } from "./routes.js";

/** The messaging service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const messagingService: BackendService = { manifest: messaging, routes: [feedRoute], mount: (router, deps) => mountFeed(router, deps, deps.feed) };
