import { smartContracts } from "../../../core/services/catalog/smartContracts.js";
import type { BackendService } from "../service.js";
import { getAgreementRoute, listAgreementsRoute, mountAgreements } from "./routes.js";

/** The smart-contracts service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const smartContractsService: BackendService = { manifest: smartContracts, routes: [listAgreementsRoute, getAgreementRoute], mount: mountAgreements };
