import type { ServiceManifest } from "../manifest.js";
import { authentication } from "./authentication.js";
import { clusterRegistration } from "./clusterRegistration.js";
import { corporateClearing } from "./corporateClearing.js";
import { documentManagement } from "./documentManagement.js";
import { memberRegistration } from "./memberRegistration.js";
import { messaging } from "./messaging.js";
import { clusterBalanceModels, crm, eMail, userAdministration } from "./planned.js";
import { serviceConfiguration } from "./serviceConfiguration.js";
import { smartContracts } from "./smartContracts.js";

/** The services the platform ships, in the order the concept names them: seeded into the catalog at deployment. */
export const BUILT_IN_MANIFESTS: readonly ServiceManifest[] = [
  authentication,
  userAdministration,
  messaging,
  clusterRegistration,
  serviceConfiguration,
  documentManagement,
  eMail,
  memberRegistration,
  crm,
  clusterBalanceModels,
  corporateClearing,
  smartContracts,
];

export type BuiltInServiceId = (typeof BUILT_IN_MANIFESTS)[number]["id"];

/** The built-in manifest of `id`, if the platform ships one. */
export function builtInManifest(id: string): ServiceManifest | undefined {
  return BUILT_IN_MANIFESTS.find((m) => m.id === id);
}
