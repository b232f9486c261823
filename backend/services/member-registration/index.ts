import { memberRegistration } from "../../../core/services/catalog/memberRegistration.js";
import type { BackendService } from "../service.js";
import { applicationsRoute, mountApplications } from "./routes.js";

/** The member-registration service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const memberRegistrationService: BackendService = { manifest: memberRegistration, routes: [applicationsRoute], mount: mountApplications };
