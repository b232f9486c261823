import { corporateClearing } from "../../../core/services/catalog/corporateClearing.js";
import type { BackendService } from "../service.js";
import {
  clearingRoute,
  cycleFlowsRoute,
  cycleObligationsRoute,
  cycleRoute,
  cyclesRoute,
  mountClearing,
  obligationsRoute,
  proposalRoute,
  solutionRoute,
  unwindRoute,
} from "./routes.js";

/** The corporate-clearing service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const corporateClearingService: BackendService = {
  manifest: corporateClearing,
  routes: [obligationsRoute, clearingRoute, cyclesRoute, cycleRoute, cycleFlowsRoute, cycleObligationsRoute, solutionRoute, unwindRoute, proposalRoute],
  mount: mountClearing,
};
