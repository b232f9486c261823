import { z } from "zod";
import { memberRole } from "./clusters.js";
import { address } from "./common.js";
import { apiSchemas } from "./registry.js";

export const nonceResponse = z
  .object({
    nonce: z.string(),
    expiresAt: z.string().describe("ISO time after which the nonce is refused"),
  })
  .register(apiSchemas, { id: "Nonce" });

export const verifyBody = z.object({
  message: z.string().min(1).max(8192).describe("The EIP-4361 message the wallet signed"),
  signature: z
    .string()
    .regex(/^0x[0-9a-fA-F]+$/, "must be 0x-prefixed hex")
    .max(2 + 2 * 65 * 16),
});

export const roles = z
  .object({
    cdc: z.boolean().describe("Holds CDC_ROLE on the cluster registry"),
    clusters: z.array(
      z.object({
        clusterId: z.number().int(),
        clusterName: z.string(),
        cdo: z.boolean(),
        role: memberRole.nullable(),
        memberName: z.string().nullable().describe("The organisation's name as a member of this cluster; null when not a member"),
      }),
    ),
  })
  .register(apiSchemas, { id: "Roles" });

export const session = z
  .object({
    token: z.string().describe("Bearer token for the Authorization header"),
    address,
    expiresAt: z.string(),
    roles,
  })
  .register(apiSchemas, { id: "Session" });

export const me = z.object({ address, roles }).register(apiSchemas, { id: "Me" });
