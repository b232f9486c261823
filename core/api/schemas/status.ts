import { z } from "zod";
import { address } from "./common.js";
import { apiSchemas } from "./registry.js";

export const platformStatus = z
  .object({
    chainId: z.number().int().nullable(),
    genesisHash: z.string().nullable(),
    headBlock: z.number().int().nullable().describe("The chain head the indexer saw last"),
    indexedBlock: z.number().int().nullable().describe("Every block up to this one is indexed"),
    headTime: z.string().nullable().describe("ISO time of that head block: the chain's clock, which deadlines follow"),
    explorerUrl: z
      .string()
      .nullable()
      .describe("A block explorer for this chain (CLUSTER_EXPLORER_URL): transactions at <url>/tx/<hash>, accounts at <url>/address/<address>"),
    lagBlocks: z.number().int().nullable().describe("Blocks the index is behind the head the indexer saw last"),
    chain: z
      .object({
        reachable: z.boolean().describe("The indexer's latest JSON-RPC call succeeded, recently enough (within the RPC timeout); the answer is 503 when false"),
        lastContactAt: z.string().nullable().describe("ISO time of the indexer's last successful JSON-RPC call"),
        problem: z.string().nullable().describe("Why the chain counts as unreachable"),
      })
      .describe("Whether the node at the RPC URL answers"),
    indexer: z
      .enum(["starting", "waiting", "catchingUp", "live", "stopped"])
      .describe("What the indexer is doing; `waiting` means no deployment on this chain yet"),
    contracts: z.object({
      ServiceCatalog: address.nullable(),
      ClusterRegistry: address.nullable(),
      ClusterFactory: address.nullable(),
      MembershipImpl: address.nullable(),
      NodeRegistry: address.nullable(),
    }),
    clusterCount: z.number().int(),
    serviceCount: z.number().int(),
    maxUploadBytes: z
      .number()
      .int()
      .describe("The content store's upload limit (CLUSTER_MAX_UPLOAD_BYTES); a cluster's document-management settings may set a lower one"),
    error: z
      .object({ code: z.literal("service_unavailable"), message: z.string() })
      .optional()
      .describe("With the 503 answer: the chain is unreachable"),
  })
  .register(apiSchemas, { id: "PlatformStatus" });
