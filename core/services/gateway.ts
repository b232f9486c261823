import { z } from "zod";
import { MEMBER_ROLES, withoutNone } from "../chain/enums.js";

/**
 * What the platform's gateway and an external service agree on: where the platform publishes
 * its token keys, what a gateway token says about the caller, and what a webhook carries. The
 * backend issues both; the SDK verifies both.
 */

/** The platform's public keys for gateway tokens (a JWKS), on the platform's origin. */
export const GATEWAY_JWKS_PATH = "/api/gateway/jwks.json";

/** Gateway tokens are ES256 JWTs that live this long: enough for one proxied request, useless if leaked later. */
export const GATEWAY_TOKEN_ALG = "ES256";
export const GATEWAY_TOKEN_TTL_SECONDS = 60;

/** The gateway path of a service in a cluster; what follows it is forwarded to the service as is. */
export function gatewayPath(clusterId: number, service: string, rest = ""): string {
  return `/api/clusters/${clusterId}/services/${service}${rest.startsWith("/") || rest === "" ? rest : `/${rest}`}`;
}

const address = z.string().regex(/^0x[0-9a-f]{40}$/, "a lowercase address");

/** The claims of a gateway token (iss: the platform's origin, aud: the service id, sub: the caller's address). */
export const gatewayClaims = z.object({
  iss: z.string(),
  aud: z.string(),
  sub: address,
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(8),
  cluster: z.number().int().positive(),
  member: z.object({ name: z.string(), role: z.enum(withoutNone(MEMBER_ROLES)) }).nullable(),
  cdc: z.boolean(),
  cdo: z.boolean(),
  sessionExpiresAt: z.number().int(),
  /** The service's settings in force in that cluster (its manifest's defaults until the cluster sets its own). */
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type GatewayClaims = z.infer<typeof gatewayClaims>;

/** The caller of a request that came through the gateway, as the service sees it. */
export interface GatewayCaller {
  address: string;
  clusterId: number;
  /** The member the address is in that cluster, or null (an outsider, the CDC). */
  member: { name: string; role: "participant" | "core" } | null;
  cdc: boolean;
  cdo: boolean;
  /** When the caller's platform session ends (unix seconds). */
  sessionExpiresAt: number;
  /** This service's settings in the caller's cluster, as its configuration on chain says. */
  settings: Record<string, unknown>;
}

/** A chain event delivered to a subscribed service (the webhook's JSON body). */
export const platformEvent = z.object({
  /** The delivery's id, the same across retries: a receiver applies each id once. */
  id: z.string(),
  type: z.string().regex(/^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*$/),
  clusterId: z.number().int().nullable(),
  blockNumber: z.number().int(),
  blockTime: z.number().int(),
  txHash: z.string(),
  logIndex: z.number().int(),
  /** The event's arguments by name; integers as decimal strings, addresses lowercase. */
  args: z.record(z.string(), z.unknown()),
});
export type PlatformEvent = z.infer<typeof platformEvent>;

/** The server-driven view an external service's cluster tab shows (GET <gateway path>/view). */
const viewSection = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({
    kind: z.literal("table"),
    title: z.string().optional(),
    columns: z.array(z.object({ key: z.string(), label: z.string() })),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
    empty: z.string().optional(),
  }),
  z.object({
    kind: z.literal("form"),
    title: z.string().optional(),
    /** Sent as a JSON object of the fields' values to POST <gateway path><action>. */
    action: z.string().regex(/^\//),
    submit: z.string(),
    fields: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        type: z.enum(["text", "textarea", "number"]),
        required: z.boolean().optional(),
        maxLength: z.number().int().positive().optional(),
      }),
    ),
  }),
]);
export const serviceView = z.object({ title: z.string(), sections: z.array(viewSection) });
export type ServiceView = z.infer<typeof serviceView>;
export type ViewSection = z.infer<typeof viewSection>;
