import { authenticationService } from "./authentication/index.js";
import { clusterRegistrationService } from "./cluster-registration/index.js";
import { corporateClearingService } from "./corporate-clearing/index.js";
import { documentManagementService } from "./document-management/index.js";
import { memberRegistrationService } from "./member-registration/index.js";
import { messagingService } from "./messaging/index.js";
import type { BackendService } from "./service.js";
import { serviceConfigurationService } from "./service-configuration/index.js";
import { smartContractsService } from "./smart-contracts/index.js";

/**
 * The services installed in this backend: the API is assembled from this list, and each
 * service's cluster routes answer only in clusters that enabled it. Catalog services not listed
 * here (user administration, e-mail, CRM, balance models) are not built yet.
 */
export const INSTALLED_SERVICES: readonly BackendService[] = [
  // Documents first: upload and verify read the raw request body as a stream.
  documentManagementService,
  authenticationService,
  messagingService,
  clusterRegistrationService,
  serviceConfigurationService,
  memberRegistrationService,
  smartContractsService,
  corporateClearingService,
];

/** The names of the installed services (the catalog's `installed`). */
export const INSTALLED_NAMES: ReadonlySet<string> = new Set(INSTALLED_SERVICES.map((s) => s.manifest.id));
