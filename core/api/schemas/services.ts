import { z } from "zod";
import { serviceId, serviceManifest } from "../../services/manifest.js";
import { REPOSITORIES, SERVICE_STATUSES, withoutNone } from "../../chain/enums.js";
import { idString, txHash } from "./common.js";
import { apiSchemas } from "./registry.js";
import { pageQuery } from "./page.js";

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
    status: z.enum(withoutNone(SERVICE_STATUSES)),
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

export const manifestSchemaDocument = z.record(z.string(), z.unknown()).describe("A JSON Schema (draft 2020-12) document");

export const jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())).describe("Public JWKs (EC P-256, ES256), each with its kid") })
  .register(apiSchemas, { id: "Jwks" });

export const storedManifest = z
  .object({
    cid: z.string().describe("Register the service in the catalog under this CID"),
    size: z.number().int(),
  })
  .register(apiSchemas, { id: "StoredManifest" });

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export const delivery = z
  .object({
    id: z.string().describe("The webhook-id header: the same on every attempt"),
    event: z.string(),
    clusterId: z.number().int().nullable(),
    blockNumber: z.number().int(),
    logIndex: z.number().int(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().describe("ISO time of the next attempt while pending"),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .register(apiSchemas, { id: "WebhookDelivery" });

export const deliveryList = z.array(delivery).register(apiSchemas, { id: "WebhookDeliveryList" });

export const DELIVERY_SORTS = ["position", "attempts"] as const;
export type DeliverySort = (typeof DELIVERY_SORTS)[number];

/** Newest first unless asked: `position` is the event's place in the chain (block, then log). */
export const deliveriesQuery = pageQuery(DELIVERY_SORTS, "-position", "event name or delivery id").extend({
  status: z.enum(DELIVERY_STATUSES).optional().describe("Only deliveries in this status"),
});

export const deliveryParams = serviceParams.extend({ deliveryId: z.string().regex(/^evt_[0-9a-f]{16}_[0-9]+$/, "a delivery id, e.g. evt_1a2b3c4d5e6f7a8b_0") });

export const webhookSecret = z
  .object({ service: z.string(), secret: z.string().describe("whsec_ followed by the base64 key") })
  .register(apiSchemas, { id: "WebhookSecret" });

export const settingsParams = z.object({
  id: idString,
  service: serviceId.describe("The service's catalog name"),
});

export const settingsObject = z.record(z.string(), z.unknown()).describe("A settings object, valid against the service's settings schema");

export const serviceSettings = z
  .object({
    service: z.string(),
    serviceId: z.number().int(),
    schema: z.record(z.string(), z.unknown()).describe("The JSON Schema (2020-12) from the service's manifest"),
    defaults: settingsObject,
    settings: settingsObject.describe("In force now: the cluster's document over the defaults, or the defaults"),
    settingsCid: z.string().nullable().describe("The cluster's settings document; null while the defaults apply"),
    configVersion: z.number().int().nullable().describe("The configuration version that set them; null while the defaults apply"),
    problem: z
      .string()
      .nullable()
      .describe("Why the cluster's document is not in force (unreadable, or invalid against the schema): the defaults apply meanwhile"),
  })
  .register(apiSchemas, { id: "ServiceSettings" });

export const storedSettings = z
  .object({
    cid: z.string(),
    digest: z
      .string()
      .regex(/^0x[0-9a-f]{64}$/)
      .describe("What the chain takes: ClusterRegistry.setServiceSettings or ClusterGovernor.proposeServiceSettings"),
    settings: settingsObject.describe("The complete settings stored: the defaults with the given values over them"),
  })
  .register(apiSchemas, { id: "StoredSettings" });
