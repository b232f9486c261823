import { z } from "zod";
import { pageQuery } from "./page.js";
import { AGREEMENT_KINDS, AGREEMENT_STATUSES, MILESTONE_STATUSES, withoutNone } from "../../chain/enums.js";
import { address, amount, bytes32, idString, isoTime, txHash } from "./common.js";
import { apiSchemas } from "./registry.js";

const agreementStatus = z.enum(withoutNone(AGREEMENT_STATUSES));

export const agreementParams = z.object({
  id: idString.describe("Cluster id"),
  agreementId: idString.describe("Agreement id (from 1)"),
});

export const AGREEMENT_SORTS = ["id", "createdAt"] as const;
export type AgreementSort = (typeof AGREEMENT_SORTS)[number];

export const agreementsQuery = pageQuery(AGREEMENT_SORTS, "id", "kind or creator address").extend({
  status: agreementStatus.optional(),
  party: address.optional().describe("Only agreements this address is a party to"),
});

export const agreementSummary = z
  .object({
    id: z.number().int(),
    kind: z.enum(AGREEMENT_KINDS),
    creator: address,
    status: agreementStatus,
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
    status: z.enum(withoutNone(MILESTONE_STATUSES)),
    obligationId: z.number().int().nullable().describe("Payment obligation created on acceptance"),
  })
  .register(apiSchemas, { id: "Milestone" });

export const agreementVersion = z
  .object({
    version: z.number().int(),
    status: z
      .enum(["inForce", "proposed", "superseded", "replaced"])
      .describe(
        "inForce: the terms in force; proposed: collecting signatures; superseded: was in force, amended since; " +
          "replaced: a proposal replaced by a newer one before every party signed it",
      ),
    termsCid: z.string().describe("CIDv0 of this version's terms document"),
    termsHash: bytes32,
    totalValue: amount,
    proposer: address.nullable(),
    proposedAt: isoTime.nullable(),
    approvedAt: isoTime.nullable().describe("When the last party signed it (null: never in force)"),
    txHash: txHash.nullable(),
  })
  .register(apiSchemas, { id: "AgreementVersion" });

export const agreementDetail = agreementSummary
  .extend({
    milestones: z.array(milestone),
    versions: z.array(agreementVersion).describe("Every version proposed, oldest first"),
    signatures: z.array(
      z.object({
        party: address,
        signedVersion: z.number().int().describe("Latest version this party signed (0: none)"),
        signedAt: isoTime.nullable(),
        terminating: z.boolean().describe("Asked to terminate"),
        resolving: z.boolean().describe("Agreed that the current dispute is resolved"),
        disputing: z.boolean().describe("Raised or joined the open dispute: the milestones it delivers or pays wait for the resolution"),
      }),
    ),
    dispute: z
      .object({ raisedBy: address, reasonCid: z.string().describe("CIDv0 of the reason document"), raisedAt: isoTime, txHash })
      .nullable()
      .describe("The latest dispute raised (open while the status is disputed)"),
  })
  .register(apiSchemas, { id: "AgreementDetail" });
