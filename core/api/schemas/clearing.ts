import { z } from "zod";
import { CYCLE_PHASES, OBLIGATION_STATUSES, withoutNone } from "../../chain/enums.js";
import { address, amount, idString, isoTime } from "./common.js";
import { apiSchemas } from "./registry.js";
import { pageQuery } from "./page.js";
import { GRAPH_FLOWS, RECENT_FINISHED_CYCLES } from "../pageSize.js";

const signedAmount = z
  .string()
  .regex(/^-?[0-9]+$/)
  .describe("Token units, decimal; positive: net creditor");

const direction = z.enum(["incoming", "outgoing"]).describe("Seen from the caller: owed to it, or owed by it");

export const paymentObligation = z
  .object({
    id: z.number().int(),
    agreementId: z.number().int(),
    milestoneIndex: z.number().int().nullable(),
    payer: address,
    payee: address,
    amount,
    dueDate: z.number().int(),
    createdAt: isoTime,
    importedAs: z.number().int().nullable().describe("The clearing obligation it was imported as, if any"),
    direction,
  })
  .register(apiSchemas, { id: "PaymentObligation" });

export const clearingObligation = z
  .object({
    id: z.number().int(),
    creditor: address,
    debtor: address,
    amount,
    outstanding: amount.describe("Amount less the set-off applied; 0 once settled"),
    dueDate: z.number().int(),
    status: z.enum(withoutNone(OBLIGATION_STATUSES)),
    cycle: z.number().int().nullable().describe("Cycle it was confirmed in, or the one an unwind rolled it into"),
    rolledFrom: z.number().int().nullable().describe("The unwound cycle it was last rolled out of; `outstanding` is what rolled"),
    importedFrom: z.number().int().nullable().describe("Agreement payment obligation it was imported from"),
    referenceDigest: z.string(),
    createdAt: isoTime,
    direction,
  })
  .register(apiSchemas, { id: "ClearingObligation" });

export const MEMBER_OBLIGATION_SORTS = ["created", "counterparty", "amount", "due"] as const;
export type MemberObligationSort = (typeof MEMBER_OBLIGATION_SORTS)[number];

export const obligationsQuery = pageQuery(
  MEMBER_OBLIGATION_SORTS,
  "-created",
  "number (an agreement's payment: A and its number), counterparty's name or address, direction, status or cycle",
).extend({
  member: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address")
    .transform((a) => a.toLowerCase())
    .optional()
    .describe("The caller's own address (a member reads only its own obligations)"),
  show: z
    .enum(["clearing", "payments"])
    .default("clearing")
    .describe(
      "`clearing`: the obligations in the clearing and the agreements' payments not brought into it yet; `payments`: the agreements' payment obligations, brought in or not",
    ),
});

export const memberObligation = z
  .discriminatedUnion("kind", [clearingObligation.extend({ kind: z.literal("clearing") }), paymentObligation.extend({ kind: z.literal("payment") })])
  .register(apiSchemas, { id: "MemberObligation" });

export const obligations = z
  .array(memberObligation)
  .describe("A page of the caller's obligations, incoming and outgoing; the X-Total-Count header gives how many match the search");

export const cycleReport = z
  .object({
    gross: amount.describe("Outstanding obligations when the cycle closed"),
    cancelled: amount.describe("Set-off applied (or standing, before it is applied)"),
    liquidityNeeded: amount.describe("Net liquidity the settlement needs"),
    liquiditySavingPercent: z.number().describe("(gross - liquidity) / gross, rounded down to 0.01 %"),
    setOffPercent: z.number(),
    members: z.number().int(),
    payments: z.number().int().describe("Members with a non-zero net position"),
  })
  .register(apiSchemas, { id: "CycleReport" });

export const position = z
  .object({
    member: address,
    net: signedAmount,
    funded: amount,
    withdrawn: amount,
    refunded: amount,
    rolled: signedAmount.describe("Unwound cycles: rolled into the next cycle as debtor minus as creditor"),
    payout: amount.nullable().describe("What withdraw pays once the cycle is settled: funded + net + rolled (0 when negative); null before"),
    defaulted: z.boolean().describe("The member's default in this cycle is on record"),
  })
  .register(apiSchemas, { id: "ClearingPosition" });

export const cycle = z
  .object({
    cycle: z.number().int(),
    phase: z.enum(withoutNone(CYCLE_PHASES)),
    cutoff: isoTime,
    baseCycle: z.number().int().nullable(),
    obligations: z.number().int(),
    standingProposal: z
      .object({
        id: z.number().int(),
        total: amount,
        proposer: address,
        windowEnd: isoTime,
        applyDeadline: isoTime.describe("From then on, if no chunk of it was applied, anyone may make it lapse (ClearingHouse.lapseSetOff)"),
        lapsed: z.boolean().describe("It lapsed unapplied: funding opened without a set-off"),
        unwind: z.boolean().describe("An unwind (amounts to roll over after a default), not a set-off"),
      })
      .nullable(),
    appliedSetOff: amount.nullable(),
    fundingDeadline: isoTime.nullable(),
    token: address.nullable(),
    funded: amount,
    closedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable().describe("When it settled or defaulted"),
    rolledInto: z.number().int().nullable(),
    unwindingOpened: isoTime.nullable().describe("When its funding deadline passed short and unwinding began"),
    unwindProposeBy: isoTime.nullable().describe("Without an unwind proposal by then, anyone may declare a full default"),
    unwound: z.object({ proposalId: z.number().int(), rolled: amount.describe("Rolled into `rolledInto`; the rest settled") }).nullable(),
    report: cycleReport.nullable().describe("Once closed"),
    positions: z.array(position),
  })
  .register(apiSchemas, { id: "ClearingCycle" });

export const clearingDefault = z
  .object({
    cycle: z.number().int(),
    member: address,
    shortfall: amount.describe("The net debit it did not fund"),
    count: z.number().int().describe("The member's defaults in this cluster, this one included"),
    recordedAt: isoTime,
  })
  .register(apiSchemas, { id: "ClearingDefault" });

export const clearingOverview = z
  .object({
    clusterId: z.number().int(),
    component: address.nullable().describe("The cluster's ClearingHouse"),
    openCycle: cycle.nullable(),
    current: cycle.nullable().describe("The closed cycle being cleared (proposing, applying, funding or unwinding), if any"),
    past: z
      .array(cycle)
      .describe(
        `The latest ${RECENT_FINISHED_CYCLES} settled or defaulted cycles, and any older settled one where the caller still has a payout to withdraw, newest first (GET /clearing/cycles pages through every one)`,
      ),
    defaults: z.array(clearingDefault).describe("Defaults on record, newest first"),
  })
  .register(apiSchemas, { id: "ClearingOverview" });

export const cycleParams = z.object({ id: idString.describe("Cluster id"), cycle: idString.describe("Cycle number (from 1)") });

export const solution = z
  .object({
    cycle: z.number().int(),
    baseCycle: z.number().int(),
    total: amount.describe("Maximum total set-off"),
    standingTotal: amount.nullable().describe("Total of the standing proposal, if any"),
    improves: z.boolean().describe("Whether submitting this proposal would replace the standing one"),
    cancellations: z
      .array(z.object({ obligationId: z.number().int(), amount }))
      .describe("The proposal's lines, ascending obligation ids: the argument of ClearingHouse.propose"),
    netPositions: z.array(z.object({ member: address, net: signedAmount })),
    settlement: z.array(z.object({ member: address, kind: z.enum(["fund", "withdraw"]), amount })),
    report: cycleReport,
  })
  .register(apiSchemas, { id: "SetOffSolution" });

export const unwindSolution = z
  .object({
    cycle: z.number().int(),
    baseCycle: z.number().int(),
    total: amount.describe("Least amount to roll into the next cycle so that the money funded pays everyone else"),
    shortfall: amount.describe("What the defaulters did not fund: liquidity needed - funded"),
    standingTotal: amount.nullable().describe("Total of the standing unwind, if any"),
    improves: z.boolean().describe("Whether submitting this unwind would replace the standing one (it rolls less)"),
    lines: z
      .array(z.object({ obligationId: z.number().int(), amount }))
      .describe("Ascending obligation ids: the argument of ClearingHouse.propose (chunks of MAX_UNWIND_LINES)"),
  })
  .register(apiSchemas, { id: "UnwindSolution" });

export const cancellation = z.object({ obligationId: z.number().int(), amount }).register(apiSchemas, { id: "Cancellation" });

export const standingProposal = z
  .object({
    cycle: z.number().int(),
    proposalId: z.number().int(),
    proposer: address,
    total: amount,
    windowEnd: isoTime.describe("End of the challenge window: the proposal may be applied from then on"),
    applyDeadline: isoTime.describe("From then on, if no chunk of it was applied, anyone may make it lapse"),
    lapsed: z.boolean().describe("It lapsed unapplied: it can no longer be applied"),
    unwind: z.boolean().describe("An unwind: its lines roll amounts into the next cycle"),
    chunks: z
      .array(z.array(cancellation))
      .describe("The lines as submitted, chunk by chunk: applySetOff takes them in this order, one call per chunk (one empty call when there are none)"),
  })
  .register(apiSchemas, { id: "StandingProposal" });

export const cyclesQuery = z.object({
  before: idString.optional().describe("Cursor: only cycles numbered below this one (the `nextCursor` of the page before)"),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe("Cycles per page, 1 to 100"),
});

export const cycleHistory = z
  .object({
    cycles: z.array(cycle).describe("Settled and defaulted cycles, newest first"),
    nextCursor: z.number().int().nullable().describe("Pass as `before` for the next (older) page; null on the last page"),
  })
  .register(apiSchemas, { id: "ClearingCycleHistory" });

export const cycleObligation = z
  .object({
    id: z.number().int(),
    debtor: address,
    creditor: address,
    amount: amount.describe("What it owed when the cycle closed (what an unwind rolled of it, for a rolled one)"),
    cancelled: amount
      .nullable()
      .describe("What the set-off cancelled of it; null before a set-off is applied, or where the index no longer tells (a cycle unwound or defaulted)"),
  })
  .register(apiSchemas, { id: "ClearingCycleObligation" });

export const CYCLE_OBLIGATION_SORTS = ["id", "amount"] as const;
export type CycleObligationSort = (typeof CYCLE_OBLIGATION_SORTS)[number];

export const cycleObligationsQuery = pageQuery(CYCLE_OBLIGATION_SORTS, "id", "debtor's or creditor's name or address");

export const cycleObligations = z.array(cycleObligation).describe("A page of the obligations the cycle clears (the open cycle: those confirmed so far)");

export const cycleFlow = z
  .object({
    n: z.number().int().describe("The arrow's number: pairs in order of their first obligation"),
    debtor: address,
    creditor: address,
    obligations: z.number().int().describe("The pair's obligations in the cycle"),
    owed: amount.describe("What the debtor owes the creditor over them"),
    cancelled: amount.nullable().describe("What the set-off cancels of it (see the cycle's `flows.basis`); null while nobody knows"),
    remaining: amount.nullable().describe("owed - cancelled; null while nobody knows"),
  })
  .register(apiSchemas, { id: "ClearingFlow" });

export const FLOW_SORTS = ["arrow", "debtor", "creditor", "obligations", "owed", "cancelled", "remaining"] as const;
export type FlowSort = (typeof FLOW_SORTS)[number];

export const cycleFlowsQuery = pageQuery(FLOW_SORTS, "arrow", "debtor's or creditor's name or address, or arrow number");

export const cycleFlows = z.array(cycleFlow).describe("A page of the cycle's flows; the X-Total-Count header gives how many match the search");

export const cycleDetail = z
  .object({
    cycle,
    flows: z
      .object({
        arrows: z.number().int().describe("Debtor → creditor pairs"),
        obligations: z.number().int().describe("The obligations the cycle clears (the open cycle: those confirmed so far)"),
        gross: amount,
        cancelled: amount.nullable(),
        remaining: amount.nullable(),
        reducedPercent: z.number().nullable().describe("Share of the gross the set-off cancels, rounded down to 0.01 %"),
        basis: z
          .enum(["applied", "optimum"])
          .nullable()
          .describe("What `cancelled` is: the set-off applied, or the optimum while the cycle takes proposals; null while nobody knows"),
      })
      .describe("Totals over every flow"),
    largest: z.array(cycleFlow).describe(`The ${GRAPH_FLOWS} flows owing the most (all of a smaller cycle's), in arrow order: what the cycle's graphs draw`),
  })
  .register(apiSchemas, { id: "ClearingCycleDetail" });
