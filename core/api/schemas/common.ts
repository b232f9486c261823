import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "../errors.js";
import { apiSchemas } from "./registry.js";

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().describe("What went wrong, in words a person can act on"),
    }),
  })
  .register(apiSchemas, { id: "Error" });

export const address = z
  .string()
  .regex(/^0x[0-9a-f]{40}$/)
  .describe("Lowercase 0x-prefixed address");

export const txHash = z.string().regex(/^0x[0-9a-f]{64}$/);

export const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/);

export const amount = z
  .string()
  .regex(/^[0-9]+$/)
  .describe("Token units, decimal");

export const isoTime = z.string().describe("ISO 8601 time of the block");

/** A decimal id in a path: 0 and up, no sign, no leading zeros, within 2^53. */
export const idString = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, "must be a decimal integer without sign or leading zeros")
  .transform(Number)
  .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER, "is too large"));

export const idParams = z.object({ id: idString.describe("Numeric id") });
