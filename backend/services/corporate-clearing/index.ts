import { corporateClearing } from "../../../core/services/catalog/corporateClearing.js";
import type { BackendService } from "../service.js";
import { clearingRoute, cycleRoute, cyclesRoute, mountClearing, obligationsRoute, proposalRoute, solutionRoute, unwindRoute } from "./routes.js";

/** The corporate-clearing service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const corporateClearingService: BackendService = {
  manifest: corporateClearing,
  routes: [obligationsRoute, clearingRoute, cyclesRoute, cycleRoute, solutionRoute, unwindRoute, proposalRoute],
  mount: mountClearing,
};
