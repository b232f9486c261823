import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";

const deployedContract = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  block: z.number().int().nonnegative(),
  txHash: z.string(),
});

export const CONTRACT_NAMES = ["ServiceCatalog", "ClusterRegistry", "ClusterFactory", "MembershipImpl"] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

const deploymentRecord = z.object({
  chainId: z.number().int().positive(),
  genesisHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  deployedAt: z.string(),
  contracts: z.object({
    ServiceCatalog: deployedContract,
    ClusterRegistry: deployedContract,
    ClusterFactory: deployedContract,
    MembershipImpl: deployedContract,
  }),
  /** Implementations of the per-cluster components the factory clones, by kind ("Documents", …). */
  components: z.record(z.string(), deployedContract).default({}),
});

/** Where the platform lives on one chain: read by the backend, the web app (through the API) and the scripts. */
export type DeploymentRecord = z.infer<typeof deploymentRecord>;
export type DeployedContract = z.infer<typeof deployedContract>;

export async function readDeployment(path: string): Promise<DeploymentRecord> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(`No deployment record at ${path}: deploy the platform first (${(err as Error).message})`);
  }
  const parsed = deploymentRecord.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`Deployment record ${path} is malformed: ${parsed.error.message}`);
  return parsed.data;
}

/** Written to a temporary file and renamed, so a crash never leaves half a record. */
export async function writeDeployment(path: string, record: DeploymentRecord): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2) + "\n");
  await rename(tmp, path);
}

/** The lowest block the indexer must start from. */
export function firstBlock(record: DeploymentRecord): number {
  return Math.min(...[...Object.values(record.contracts), ...Object.values(record.components)].map((c) => c.block));
}
