import { z } from "zod";
import { address } from "./common.js";
import { apiSchemas } from "./registry.js";

/** At most this many addresses per request: the web app asks for the ones on screen, in batches. */
export const MAX_NAMES_PER_REQUEST = 100;

export const namesQuery = z.object({
  addresses: z
    .string()
    .transform((v) => v.split(",").map((a) => a.trim().toLowerCase()))
    .pipe(
      z
        .array(z.string().regex(/^0x[0-9a-f]{40}$/, "each address must be 0x and 40 hex digits"))
        .min(1, "name at least one address")
        .max(MAX_NAMES_PER_REQUEST, `at most ${MAX_NAMES_PER_REQUEST} addresses per request`),
    )
    .describe(`Comma-separated addresses, 1 to ${MAX_NAMES_PER_REQUEST}`),
});

export const ACCOUNT_KINDS = ["member", "applicant", "cdc", "cdo", "operator"] as const;

export const accountName = z
  .object({
    address,
    name: z.string().describe("What people call the account: the organisation's name, or its role on the platform"),
    kind: z.enum(ACCOUNT_KINDS),
    detail: z.string().describe("Where the name comes from, e.g. “Core member of Kama Cluster”"),
  })
  .register(apiSchemas, { id: "AccountName" });

export const accountNames = z
  .object({ names: z.array(accountName).describe("Only the addresses the platform knows, in the order asked") })
  .register(apiSchemas, { id: "AccountNames" });
