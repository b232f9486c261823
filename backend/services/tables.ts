import type { AnyTable } from "../db/table.js";
import { TABLES as authentication } from "./authentication/tables.js";
import { TABLES as clusterRegistration } from "./cluster-registration/tables.js";
import { TABLES as corporateClearing } from "./corporate-clearing/tables.js";
import { TABLES as documentManagement } from "./document-management/tables.js";
import { TABLES as memberRegistration } from "./member-registration/tables.js";
import { TABLES as serviceConfiguration } from "./service-configuration/tables.js";
import { TABLES as smartContracts } from "./smart-contracts/tables.js";

/**
 * The index tables of each installed service, declared in its own folder (tables.ts): the schema
 * is assembled from this list, and each manifest's `tables` must name exactly its service's.
 * Apart from the service modules, so the database layer reads it without the API's graph.
 */
export const SERVICE_TABLES: Readonly<Record<string, readonly AnyTable[]>> = {
  authentication,
  "cluster-registration": clusterRegistration,
  "corporate-clearing": corporateClearing,
  "document-management": documentManagement,
  "member-registration": memberRegistration,
  "service-configuration": serviceConfiguration,
  "smart-contracts": smartContracts,
};
