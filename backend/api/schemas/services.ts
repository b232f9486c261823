import { z } from "zod";
import { serviceId, serviceManifest } from "../../../core/services/manifest.js";
import { REPOSITORIES } from "../../chain/enums.js";
import { idString, txHash } from "./common.js";
import { apiSchemas } from "./registry.js";

export const serviceVersion = z
  .object({
    version: z.string(),
    manifestCid: z.string(),
    blockNumber: z.number().int(),
    txHash,
  })
  .register(apiSchemas, { id: "ServiceVersion" });

export const manifest = serviceManifest.register(apiSchemas, { id: "ServiceManifest" });

export const service = z
  .object({
    id: z.number().int(),
    name: z.string(),
    repository: z.enum(REPOSITORIES),
    version: z.string(),
    manifestCid: z.string(),
    status: z.enum(["active", "deprecated"]),
    title: z.string().nullable().describe("From its manifest; null while the manifest cannot be read"),
    description: z.string().nullable(),
    installed: z.boolean().describe("Whether this platform runs it: a cluster that enables it gets its routes and pages"),
    manifest: manifest.nullable().describe("The manifest under manifestCid, validated; null while it cannot be read"),
    versions: z.array(serviceVersion).describe("Oldest first, starting with the registered version"),
  })
  .register(apiSchemas, { id: "Service" });

export const serviceList = z.array(service).register(apiSchemas, { id: "ServiceList" });

export const servicesQuery = z.object({
  repository: z.enum(REPOSITORIES).optional().describe("Only the services of this repository"),
});

export const serviceParams = z.object({
  id: z.union([idString, serviceId]).describe("The catalog id, or the service's name"),
});

export const manifestSchemaDocument = z
  .record(z.string(), z.unknown())
  .describe("A JSON Schema (draft 2020-12) document");
