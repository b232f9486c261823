import { documentManagement } from "../../../core/services/catalog/documentManagement.js";
import type { BackendService } from "../service.js";
import { downloadRoute } from "./download.js";
import { getDocumentRoute, listDocumentsRoute, mountDocuments, uploadRoute, verifyRoute } from "./routes.js";

/** The document-management service's part of the backend: its manifest, the API operations it adds, and their mount. */
export const documentManagementService: BackendService = {
  manifest: documentManagement,
  routes: [listDocumentsRoute, getDocumentRoute, uploadRoute, verifyRoute, downloadRoute],
  mount: mountDocuments,
};
