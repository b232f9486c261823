// The index tables of the corporate-clearing service.
import { bigint, integer, nullable, oneOf, table, text, withDefault, type AnyTable } from "../../db/table.js";
import { CYCLE_PHASES, OBLIGATION_STATUSES, withoutNone } from "../../../core/chain/enums.js";

export const clearingObligations = table(
  "clearing_obligations",
  {
    cluster_id: bigint,
    obligation_id: bigint,
    creditor: text,
    debtor: text,
    amount: text,
    outstanding: text,
    due_date: bigint,
    reference_digest: text,
    status: oneOf(OBLIGATION_STATUSES),
    cycle: nullable(bigint),
    agreement_obligation_id: nullable(bigint),
    created_block: bigint,
    created_at: bigint,
    // Set when an unwind rolled part of it into the open cycle: the cycle it left, and the amount it carries there (what it adds to net positions from then on, instead of its amount).
    rolled_from: nullable(bigint),
    rolled_amount: nullable(text),
  },
  // A member's obligations (GET /obligations) are found by either side without reading the cluster's.
  {
    primaryKey: ["cluster_id", "obligation_id"],
    indexes: { clearing_obligations_debtor: ["cluster_id", "debtor"], clearing_obligations_creditor: ["cluster_id", "creditor"] },
  },
);

export const clearingCycles = table(
  "clearing_cycles",
  {
    cluster_id: bigint,
    cycle: bigint,
    cutoff: bigint,
    phase: oneOf(withoutNone(CYCLE_PHASES)),
    base_cycle: nullable(bigint),
    obligations: bigint,
    liquidity_needed: nullable(text),
    gross: nullable(text),
    members: nullable(bigint),
    payments: nullable(bigint),
    best_proposal: nullable(bigint),
    best_total: nullable(text),
    best_proposer: nullable(text),
    window_end: nullable(bigint),
    apply_deadline: nullable(bigint),
    set_off_lapsed: withDefault(integer, "0"),
    applied_total: nullable(text),
    funding_deadline: nullable(bigint),
    token: nullable(text),
    funded: text,
    closed_at: nullable(bigint),
    finished_at: nullable(bigint),
    rolled_into: nullable(bigint),
    // A default: when unwinding began, the time by which an unwind must be proposed, and the unwind applied.
    unwinding_opened: nullable(bigint),
    unwind_propose_by: nullable(bigint),
    unwound_proposal: nullable(bigint),
    unwound_rolled: nullable(text),
  },
  { primaryKey: ["cluster_id", "cycle"] },
);

export const clearingProposalLines = table(
  "clearing_proposal_lines",
  {
    cluster_id: bigint,
    proposal_id: bigint,
    chunk_index: bigint,
    line: integer,
    obligation_id: bigint,
    amount: text,
  },
  { primaryKey: ["cluster_id", "proposal_id", "chunk_index", "line"] },
);

export const clearingPositions = table(
  "clearing_positions",
  {
    cluster_id: bigint,
    cycle: bigint,
    member: text,
    net: text,
    funded: text,
    withdrawn: text,
    refunded: text,
    // Unwound cycles: rolled into the next cycle as debtor minus as creditor (payout = funded + net + rolled).
    rolled: withDefault(text, "'0'"),
    defaulted: withDefault(integer, "0"),
  },
  // The overview finds a member's payouts still due across every cycle without reading the cluster's positions.
  { primaryKey: ["cluster_id", "cycle", "member"], indexes: { clearing_positions_member: ["cluster_id", "member"] } },
);

/** Defaults on record (MemberDefaulted): count is the member's defaults in its cluster so far. */
export const clearingDefaults = table(
  "clearing_defaults",
  {
    cluster_id: bigint,
    cycle: bigint,
    member: text,
    shortfall: text,
    count: bigint,
    recorded_at: bigint,
    block_number: bigint,
    tx_hash: text,
  },
  { primaryKey: ["cluster_id", "cycle", "member"] },
);

/** Every table of this service. */
export const TABLES: readonly AnyTable[] = [clearingObligations, clearingCycles, clearingProposalLines, clearingPositions, clearingDefaults];
