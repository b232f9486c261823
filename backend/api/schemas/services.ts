import { z } from "zod";
import { REPOSITORIES } from "../../chain/enums.js";
import { txHash } from "./common.js";
import { apiSchemas } from "./registry.js";

export const serviceVersion = z
  .object({
    version: z.string(),
    manifestCid: z.string(),
    blockNumber: z.number().int(),
    txHash,
  })
  .register(apiSchemas, { id: "ServiceVersion" });

export const service = z
  .object({
    id: z.number().int(),
    name: z.string(),
    repository: z.enum(REPOSITORIES),
    version: z.string(),
    manifestCid: z.string(),
    status: z.enum(["active", "deprecated"]),
    versions: z.array(serviceVersion).describe("Oldest first, starting with the registered version"),
  })
  .register(apiSchemas, { id: "Service" });

export const serviceList = z.array(service).register(apiSchemas, { id: "ServiceList" });

export const servicesQuery = z.object({
  repository: z.enum(REPOSITORIES).optional().describe("Only the services of this repository"),
});
