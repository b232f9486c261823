import { z } from "zod";
import { REPOSITORIES } from "../chain/enums.js";
import { canonicalJson } from "../content/canonicalJson.js";
import { settingsDeclarationIssues } from "./settings.js";

/**
 * A service's manifest: the one description of what a service adds to the platform. Built-in
 * services declare theirs in core/services/catalog; an external service's comes with its
 * registration. Its canonical JSON (manifestBytes) is stored in the content store and its CID
 * recorded in the ServiceCatalog for that version, so what the catalog promises can be read back
 * and checked byte for byte.
 */

/** The catalog name: lowercase words joined by hyphens, as ServiceCatalog stores it. */
export const serviceId = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "lowercase words joined by single hyphens, e.g. corporate-clearing")
  .max(64);

// Semantic Versioning 2.0.0's own pattern, without build metadata (a catalog version is a release).
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;

const contractEvent = z.string().regex(/^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*$/, "Contract.Event, e.g. DocumentRegistry.DocumentAnchored");

export const manifestRoute = z
  .object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    path: z.string().regex(/^\/api(\/[A-Za-z0-9_.:*-]+)+$/, "an Express path under /api, e.g. /api/clusters/:id/documents"),
    access: z.enum(["public", "signedIn", "member", "memberOrCdc", "cdc"]).describe("Who may call it (the API's access model)"),
  })
  .strict();

export const manifestPage = z
  .object({
    kind: z.enum(["cluster-tab", "page"]).describe("A tab of a cluster's workspace, or a page of its own"),
    path: z.string().regex(/^[a-z0-9][a-z0-9/-]*$/, "a relative path, e.g. documents or cdc/register"),
    title: z.string().min(1).max(40),
  })
  .strict();

export const manifestScope = z
  .object({
    id: z.string().regex(/^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/, "service.action, e.g. documents.anchor"),
    description: z.string().min(1),
    holders: z
      .array(z.enum(["cdc", "cdo", "core", "member", "anyone"]))
      .min(1)
      .describe("Who holds it by default"),
  })
  .strict();

export const manifestSettings = z
  .object({
    schema: z.record(z.string(), z.unknown()).describe("A JSON Schema (2020-12) of the per-cluster settings object"),
    defaults: z.record(z.string(), z.unknown()),
  })
  .strict();

export const manifestHealth = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("index"), description: z.string().min(1) }).strict(),
    z.object({ kind: z.literal("http"), path: z.string().regex(/^\//, "a path on the service, e.g. /health") }).strict(),
  ])
  .describe("How the platform tells the service works: the index follows its sources, or an HTTP probe answers 2xx");

export const manifestExternal = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }).describe("Where the gateway forwards /api/clusters/:id/services/<id>/…"),
    openapi: z.string().regex(/^\//, "a path on the service").describe("Its OpenAPI document"),
    subscribes: z.array(contractEvent).describe("Chain events delivered to it as signed webhooks"),
    webhookPath: z.string().regex(/^\//, "a path on the service"),
    viewPath: z
      .string()
      .regex(/^\//, "a path on the service")
      .optional()
      .describe("Answers the view its cluster tab shows (core/services/gateway.ts serviceView), through the gateway"),
  })
  .strict();

export const serviceManifest = z
  .object({
    manifestVersion: z.literal(1),
    id: serviceId,
    repository: z.enum(REPOSITORIES),
    version: z.string().regex(SEMVER, "a semantic version, e.g. 1.2.0"),
    title: z.string().min(1).max(60),
    description: z.string().min(1).max(500),
    component: z
      .string()
      .regex(/^[A-Z][A-Za-z]{0,30}$/)
      .optional()
      .describe("The kind of its per-cluster contract (a ClusterFactory component), if it has one"),
    settings: manifestSettings.optional(),
    routes: z.array(manifestRoute),
    tables: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, "a snake_case table name")),
    events: z.array(contractEvent).describe("The chain events its index handlers apply"),
    notifications: z.array(z.string().regex(/^[a-z]+(\.[a-z-]+)+$/, "kind.event, e.g. vote.open")),
    pages: z.array(manifestPage),
    scopes: z.array(manifestScope),
    health: manifestHealth,
    external: manifestExternal.optional(),
  })
  .strict();

export type ServiceManifest = z.infer<typeof serviceManifest>;
export type ManifestRoute = z.infer<typeof manifestRoute>;
export type ManifestPage = z.infer<typeof manifestPage>;
export type RepositoryName = (typeof REPOSITORIES)[number];

/** A manifest that does not validate, with every field that is wrong named. */
export class ManifestError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`Invalid service manifest: ${issues.map((i) => `${i.path || "(manifest)"}: ${i.message}`).join("; ")}`);
    this.name = "ManifestError";
  }
}

/**
 * The manifest `value` describes, or a ManifestError naming each wrong field; its settings schema
 * must compile and its defaults satisfy it (which zod alone cannot say).
 */
export function parseManifest(value: unknown): ServiceManifest {
  const result = serviceManifest.safeParse(value);
  if (!result.success) throw new ManifestError(result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  const settingsIssues = settingsDeclarationIssues(result.data);
  if (settingsIssues.length > 0) throw new ManifestError(settingsIssues);
  return result.data;
}

/** The manifest's JSON Schema, published for authors of external services and their tools. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(serviceManifest, { target: "draft-2020-12" }) as Record<string, unknown>;
}

/** The manifest's canonical JSON bytes (see canonicalJson), so one manifest has one CID. */
export function manifestBytes(manifest: ServiceManifest): Uint8Array {
  return canonicalJson(manifest);
}
