import { z } from "zod";

const deployedContract = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  block: z.number().int().nonnegative(),
  txHash: z.string(),
});

export const CONTRACT_NAMES = ["ServiceCatalog", "ClusterRegistry", "ClusterFactory", "MembershipImpl", "NodeRegistry"] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

export const deploymentRecord = z.object({
  chainId: z.number().int().positive(),
  genesisHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  deployedAt: z.string(),
  contracts: z.object({
    ServiceCatalog: deployedContract,
    ClusterRegistry: deployedContract,
    ClusterFactory: deployedContract,
    MembershipImpl: deployedContract,
    // Absent from records written before the network's node registry existed.
    NodeRegistry: deployedContract.optional(),
  }),
  /** Implementations of the per-cluster components the factory clones, by kind ("Documents", …). */
  components: z.record(z.string(), deployedContract).default({}),
});

/** Where the platform lives on one chain: read by the backend, the web app (through the API) and the scripts. */
export type DeploymentRecord = z.infer<typeof deploymentRecord>;
export type DeployedContract = z.infer<typeof deployedContract>;

/** The lowest block the indexer must start from. */
export function firstBlock(record: DeploymentRecord): number {
  return Math.min(...[...Object.values(record.contracts), ...Object.values(record.components)].map((c) => c.block));
}
