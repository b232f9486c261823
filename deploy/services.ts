/** The services the concept names, seeded into the catalog when the platform is deployed. */
export type RepositoryName = "system" | "basic" | "applied";

export interface ServiceSeed {
  name: string;
  repository: RepositoryName;
  version: string;
  description: string;
}

export const REPOSITORIES: readonly RepositoryName[] = ["system", "basic", "applied"];

export const SEED_SERVICES: readonly ServiceSeed[] = [
  { name: "authentication", repository: "system", version: "1.0.0", description: "Sign-In with Ethereum for every participant wallet" },
  { name: "user-administration", repository: "system", version: "1.0.0", description: "Accounts, roles and profiles of cluster participants" },
  { name: "messaging", repository: "system", version: "1.0.0", description: "Notifications and messages between participants" },
  { name: "cluster-registration", repository: "system", version: "1.0.0", description: "Initiatives, votes and the life cycle of clusters" },
  { name: "service-configuration", repository: "system", version: "1.0.0", description: "Service registration and per-cluster configuration" },
  { name: "document-management", repository: "basic", version: "1.0.0", description: "Documents in IPFS anchored and signed on chain" },
  { name: "e-mail", repository: "basic", version: "1.0.0", description: "E-mail gateway for cluster notifications" },
  { name: "member-registration", repository: "basic", version: "1.0.0", description: "Applications and admission of new members" },
  { name: "crm", repository: "applied", version: "1.0.0", description: "Customer relations of cluster participants" },
  { name: "cluster-balance-models", repository: "applied", version: "1.0.0", description: "Balance models of the cluster's flows" },
  { name: "corporate-clearing", repository: "applied", version: "1.0.0", description: "Multilateral set-off and net settlement of mutual debts" },
  { name: "smart-contracts", repository: "applied", version: "1.0.0", description: "Agreements between participants with milestones and obligations" },
];

export function repositoryIndex(name: RepositoryName): number {
  return REPOSITORIES.indexOf(name);
}
