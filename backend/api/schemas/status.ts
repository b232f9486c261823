import { z } from "zod";
import { address } from "./common.js";
import { apiSchemas } from "./registry.js";

export const platformStatus = z
  .object({
    chainId: z.number().int().nullable(),
    genesisHash: z.string().nullable(),
    headBlock: z.number().int().nullable().describe("The chain head the indexer saw last"),
    indexedBlock: z.number().int().nullable().describe("Every block up to this one is indexed"),
    indexer: z
      .enum(["starting", "waiting", "catchingUp", "live", "stopped"])
      .describe("What the indexer is doing; `waiting` means no deployment on this chain yet"),
    contracts: z.object({
      ServiceCatalog: address.nullable(),
      ClusterRegistry: address.nullable(),
      ClusterFactory: address.nullable(),
      MembershipImpl: address.nullable(),
    }),
    clusterCount: z.number().int(),
    serviceCount: z.number().int(),
  })
  .register(apiSchemas, { id: "PlatformStatus" });
