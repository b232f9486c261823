import type { RepositoryName, ServiceManifest } from "../manifest.js";

/**
 * A catalog service not built yet: it adds nothing (no routes, tables or pages), and a cluster
 * that enables it sees it listed as not installed.
 */
function planned(id: string, repository: RepositoryName, title: string, description: string): ServiceManifest {
  return {
    manifestVersion: 1,
    id,
    repository,
    version: "1.0.0",
    title,
    description,
    routes: [],
    tables: [],
    events: [],
    notifications: [],
    pages: [],
    scopes: [],
    health: { kind: "index", description: "Nothing to check yet: the service adds nothing" },
  };
}

export const userAdministration = planned(
  "user-administration",
  "system",
  "User administration",
  "Accounts, roles and profiles of cluster participants: an organisation's staff accounts and their scopes.",
);
export const eMail = planned("e-mail", "basic", "E-mail", "E-mail gateway for cluster notifications and inbound mail.");
export const crm = planned("crm", "applied", "CRM", "Customer relations of cluster participants.");
export const clusterBalanceModels = planned(
  "cluster-balance-models",
  "applied",
  "Balance models",
  "Balance models of the cluster's material, intellectual and service flows.",
);
