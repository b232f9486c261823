// The index tables of the smart-contracts service.
import { bigint, integer, nullable, oneOf, table, text, withDefault, type AnyTable } from "../../db/table.js";
import { AGREEMENT_KINDS, AGREEMENT_STATUSES, FLOW_KINDS, MILESTONE_STATUSES, withoutNone } from "../../../core/chain/enums.js";

export const agreements = table(
  "agreements",
  {
    cluster_id: bigint,
    agreement_id: bigint,
    kind: oneOf(AGREEMENT_KINDS),
    creator: text,
    status: oneOf(withoutNone(AGREEMENT_STATUSES)),
    version: integer,
    proposed_version: integer,
    terms_cid: nullable(text),
    terms_hash: nullable(text),
    total_value: nullable(text),
    created_block: bigint,
    created_at: bigint,
    created_tx: text,
    // The latest dispute raised (open while status is 'disputed').
    dispute_by: nullable(text),
    dispute_reason_cid: nullable(text),
    dispute_at: nullable(bigint),
    dispute_tx: nullable(text),
  },
  { primaryKey: ["cluster_id", "agreement_id"] },
);

export const agreementParties = table(
  "agreement_parties",
  {
    cluster_id: bigint,
    agreement_id: bigint,
    position: integer,
    party: text,
    signed_version: integer,
    signed_at: nullable(bigint),
    terminating: integer,
    // Agreed that the current dispute is resolved (reset when a dispute is raised or resolved).
    resolving: withDefault(integer, "0"),
    // Raised (or joined) the open dispute: its milestones wait for the resolution (reset when resolved).
    disputing: withDefault(integer, "0"),
  },
  { primaryKey: ["cluster_id", "agreement_id", "position"] },
);

export const agreementVersions = table(
  "agreement_versions",
  {
    cluster_id: bigint,
    agreement_id: bigint,
    version: integer,
    terms_cid: text,
    terms_hash: text,
    total_value: text,
    proposer: nullable(text),
    proposed_at: nullable(bigint),
    proposed_tx: nullable(text),
    // Set when every party signed this version (it came into force); NULL for a replaced proposal.
    approved_at: nullable(bigint),
  },
  { primaryKey: ["cluster_id", "agreement_id", "version"] },
);

export const agreementMilestones = table(
  "agreement_milestones",
  {
    cluster_id: bigint,
    agreement_id: bigint,
    milestone_index: bigint,
    version: integer,
    deliverer: text,
    payer: text,
    amount: text,
    due_date: bigint,
    status: oneOf(MILESTONE_STATUSES),
    obligation_id: nullable(bigint),
  },
  { primaryKey: ["cluster_id", "agreement_id", "milestone_index"] },
);

export const agreementLinks = table(
  "agreement_links",
  {
    cluster_id: bigint,
    agreement_id: bigint,
    link_id: bigint,
    from_address: text,
    to_address: text,
    kind: oneOf(FLOW_KINDS),
    block_number: bigint,
  },
  { primaryKey: ["cluster_id", "agreement_id", "from_address", "to_address"] },
);

export const paymentObligations = table(
  "payment_obligations",
  {
    cluster_id: bigint,
    obligation_id: bigint,
    agreement_id: bigint,
    milestone_index: nullable(bigint),
    payer: text,
    payee: text,
    amount: text,
    due_date: bigint,
    block_number: bigint,
    created_at: bigint,
    tx_hash: text,
  },
  {
    primaryKey: ["cluster_id", "obligation_id"],
    indexes: { payment_obligations_payer: ["cluster_id", "payer"], payment_obligations_payee: ["cluster_id", "payee"] },
  },
);

/** Every table of this service. */
export const TABLES: readonly AnyTable[] = [agreements, agreementParties, agreementVersions, agreementMilestones, agreementLinks, paymentObligations];
