import { authentication } from "../../../core/services/catalog/authentication.js";
import type { BackendService } from "../service.js";
import { meRoute, mountAuth, nonceRoute, verifyRoute } from "./routes.js";

/** The authentication service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const authenticationService: BackendService = { manifest: authentication, routes: [nonceRoute, verifyRoute, meRoute], mount: mountAuth };
