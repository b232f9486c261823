import { serviceConfiguration } from "../../../core/services/catalog/serviceConfiguration.js";
import type { BackendService } from "../service.js";
import { deliveriesRoute, gatewayRoutes, jwksRoute, mountGateway, replayRoute, storeManifestRoute, webhookSecretRoute } from "./gatewayRoutes.js";
import { configHistoryRoute, getServiceRoute, listServicesRoute, manifestSchemaRoute, mountServices, settingsRoute, storeSettingsRoute } from "./routes.js";

/** The service-configuration service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const serviceConfigurationService: BackendService = {
  manifest: serviceConfiguration,
  routes: [
    listServicesRoute,
    manifestSchemaRoute,
    getServiceRoute,
    configHistoryRoute,
    settingsRoute,
    storeSettingsRoute,
    jwksRoute,
    storeManifestRoute,
    deliveriesRoute,
    webhookSecretRoute,
    replayRoute,
    ...gatewayRoutes,
  ],
  mount: (router, deps) => {
    mountServices(router, deps);
    mountGateway(router, deps);
  },
};
