import { z } from "zod";
import { address, idString, isoTime, txHash } from "./common.js";
import { apiSchemas } from "./registry.js";

const amount = z.string().regex(/^[0-9]+$/).describe("Token units, decimal");
const bytes32 = z.string().regex(/^0x[0-9a-f]{64}$/);

export const AGREEMENT_KIND_NAMES = ["supply", "rnd", "licence", "services", "other"] as const;
export const AGREEMENT_STATUS_NAMES = ["draft", "active", "disputed", "completed", "terminated"] as const;

export const agreementParams = z.object({
  id: idString.describe("Cluster id"),
  agreementId: idString.describe("Agreement id (from 1)"),
});

export const agreementsQuery = z.object({
  status: z.enum(AGREEMENT_STATUS_NAMES).optional(),
  party: address.optional().describe("Only agreements this address is a party to"),
});

export const agreementSummary = z
  .object({
    id: z.number().int(),
    kind: z.enum(AGREEMENT_KIND_NAMES),
    creator: address,
    status: z.enum(AGREEMENT_STATUS_NAMES),
    version: z.number().int().describe("Version in force (0 while a draft)"),
    proposedVersion: z.number().int().describe("Version collecting signatures (0 if none)"),
    parties: z.array(address),
    termsCid: z.string().nullable().describe("CIDv0 of the terms document in force (of the draft while a draft)"),
    termsHash: bytes32.nullable(),
    totalValue: amount.nullable(),
    createdAt: isoTime,
    txHash,
  })
  .register(apiSchemas, { id: "Agreement" });

export const agreementList = z.array(agreementSummary).register(apiSchemas, { id: "AgreementList" });

export const milestone = z
  .object({
    index: z.number().int(),
    version: z.number().int(),
    deliverer: address,
    payer: address,
    amount,
    dueDate: z.number().int().describe("Unix seconds"),
    status: z.enum(["proposed", "pending", "delivered", "accepted", "superseded"]),
    obligationId: z.number().int().nullable().describe("Payment obligation created on acceptance"),
  })
  .register(apiSchemas, { id: "Milestone" });

export const agreementDetail = agreementSummary
  .extend({
    milestones: z.array(milestone),
    signatures: z.array(
      z.object({
        party: address,
        signedVersion: z.number().int().describe("Latest version this party signed (0: none)"),
        signedAt: isoTime.nullable(),
        terminating: z.boolean().describe("Asked to terminate"),
      }),
    ),
  })
  .register(apiSchemas, { id: "AgreementDetail" });
