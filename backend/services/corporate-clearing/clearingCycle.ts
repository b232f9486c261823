import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { cycleObligationsSql, type CycleObligationRow } from "../../db/clearing.js";
import { statement } from "../../db/statements.js";
import { flowsOf, largestFlows, totalsOf, type Flow, type FlowTotals } from "../../clearing/flows.js";
import { keptAnswer } from "../../query/keptAnswers.js";
import { readCheckpoint } from "../../indexer/checkpoint.js";
import { memoryPageOf, type MemoryList, type MemoryPage } from "../../query/memoryPage.js";
import { Refusal } from "../../query/refusal.js";
import { GRAPH_FLOWS } from "../../../core/api/pageSize.js";
import type { PageRequest } from "../../../core/api/schemas/page.js";
import type { cycleDetail, cycleFlow, cycleObligation, CycleObligationSort, FlowSort, solution } from "../../../core/api/schemas/clearing.js";
import { cycleSolution, toCycle, type CycleRow } from "./clearing.js";
import { proposalChunks } from "./clearingProposal.js";

// One clearing cycle in full: its obligations, summed per debtor → creditor pair into the flows its
// graphs draw, with what the set-off cancels. A large cycle holds tens of thousands of
// obligations, so the sums are computed once per version of the cycle and paged from memory.

type CycleDetail = z.input<typeof cycleDetail>;
type CycleFlow = z.input<typeof cycleFlow>;
type CycleObligation = z.input<typeof cycleObligation>;
type Solution = z.input<typeof solution>;

interface ViewObligation extends CycleObligation {
  search: string;
}

interface ViewFlow extends Flow {
  /** The members' names (their addresses where the index has none): what the table sorts by. */
  debtorName: string;
  creditorName: string;
  search: string;
}

interface CycleView {
  obligations: ViewObligation[];
  flows: ViewFlow[];
  /** What the graphs draw: the largest flows, in arrow order. */
  largest: readonly Flow[];
  totals: FlowTotals;
  basis: CycleDetail["flows"]["basis"];
}

/**
 * What the set-off cancelled of each obligation, where the index still tells: while the cycle is
 * being settled, what it took off the outstanding amounts; once settled (outstanding is then 0),
 * the lines of the proposal applied. Null before a set-off, and where an unwind or default
 * replaced the standing proposal with its own.
 */
async function cancelledOf(db: Db, row: CycleRow): Promise<((o: CycleObligationRow) => bigint | null) | null> {
  if (row.set_off_lapsed === 1) return () => 0n;
  if (row.phase === "applying" || row.phase === "funding" || row.phase === "unwinding") {
    return (o) => (o.status === "confirmed" ? BigInt(o.amount) - BigInt(o.outstanding) : null);
  }
  if (row.phase === "settled" && row.unwinding_opened === null && row.applied_total !== null && row.best_proposal !== null) {
    const byId = new Map<number, bigint>();
    for (const chunk of await proposalChunks(db, row.cluster_id, row.best_proposal)) {
      for (const line of chunk) byId.set(line.obligationId, (byId.get(line.obligationId) ?? 0n) + line.amount);
    }
    return (o) => byId.get(o.obligation_id) ?? 0n;
  }
  return null;
}

async function cycleRowOf(db: Db, clusterId: number, cycleNumber: number): Promise<CycleRow> {
  const row = (await statement(db, "SELECT * FROM clearing_cycles WHERE cluster_id = ? AND cycle = ?").get(clusterId, cycleNumber)) as CycleRow | undefined;
  if (!row) throw Refusal.notFound(`Cluster ${clusterId} has no clearing cycle ${cycleNumber}`);
  return row;
}

/** Phases in which a cycle's obligations change without its row saying so: a set-off's or an unwind's lines land chunk by chunk. */
const MOVING_PHASES: ReadonlySet<string> = new Set(["applying", "unwinding"]);

/**
 * What a cycle's view is derived from, read cheaply: its row (an obligation confirmed, rolled or
 * carried in counts one more; every other change moves its phase or records a proposal), the
 * newest profile update (names are searched and sorted) and, while lines land chunk by chunk, the
 * index's checkpoint. Blocks that touch none of it leave the view standing.
 */
async function versionOf(db: Db, row: CycleRow): Promise<string> {
  const profiles = (await statement(db, "SELECT MAX(block_number) AS at FROM chain_events WHERE event = 'Membership.ProfileUpdated'").get()) as
    { at: number | null } | undefined;
  const checkpoint = MOVING_PHASES.has(row.phase) ? ((await readCheckpoint(db)) ?? null) : null;
  return JSON.stringify([
    row.phase,
    row.obligations,
    row.base_cycle,
    row.best_proposal,
    row.applied_total,
    row.set_off_lapsed,
    row.unwound_proposal,
    row.rolled_into,
    profiles?.at ?? null,
    checkpoint,
  ]);
}

/** The cycle's optimal set-off kept at `version` of `row`'s cycle. */
function solutionAt(db: Db, row: CycleRow, version: string): Promise<Solution> {
  return keptAnswer(db, `solution:${row.cluster_id}:${row.cycle}`, version, () => cycleSolution(db, row.cluster_id, row.cycle));
}

/** The cycle's optimal set-off (the solver's, over every obligation), computed once per version of the cycle. */
export async function keptSolution(db: Db, clusterId: number, cycleNumber: number): Promise<Solution> {
  const row = await cycleRowOf(db, clusterId, cycleNumber);
  return solutionAt(db, row, await versionOf(db, row));
}

/** What the optimal set-off would cancel of each obligation, while the cycle takes proposals. */
async function optimumOf(db: Db, row: CycleRow, version: string): Promise<(o: CycleObligationRow) => bigint> {
  const solution = await solutionAt(db, row, version);
  const byId = new Map(solution.cancellations.map((c) => [c.obligationId, BigInt(c.amount)]));
  return (o) => byId.get(o.obligation_id) ?? 0n;
}

async function computeView(db: Db, row: CycleRow, version: string): Promise<CycleView> {
  const [clusterId, cycleNumber] = [row.cluster_id, row.cycle];
  // A finished cycle keeps its history: its settled obligations too.
  const rows = (await statement(db, cycleObligationsSql(["confirmed", "settled"])).all(
    clusterId,
    row.base_cycle ?? cycleNumber,
    cycleNumber,
  )) as unknown as CycleObligationRow[];
  const names = new Map(
    ((await statement(db, "SELECT address, name FROM members WHERE cluster_id = ?").all(clusterId)) as { address: string; name: string }[]).map((m) => [
      m.address,
      m.name,
    ]),
  );
  const nameOf = (address: string) => names.get(address) || address;
  const cancelledBy = await cancelledOf(db, row);
  const counted = cancelledBy ?? (row.phase === "proposing" ? await optimumOf(db, row, version) : null);
  const cancelled = rows.map((o) => counted?.(o) ?? null);
  const flows = flowsOf(
    rows.map((o, i) => ({ id: o.obligation_id, debtor: o.debtor, creditor: o.creditor, amount: BigInt(o.amount), cancelled: cancelled[i] ?? null })),
  );
  // Both sides' names and addresses, once per pair: what a search of the pair's flow or obligations matches.
  const searchOf = new Map(
    flows.map((f) => [`${f.debtor}>${f.creditor}`, [nameOf(f.debtor), f.debtor, nameOf(f.creditor), f.creditor].join("\n").toLowerCase()]),
  );
  const totals = totalsOf(flows);
  return {
    obligations: rows.map((o, i) => ({
      id: o.obligation_id,
      debtor: o.debtor,
      creditor: o.creditor,
      amount: o.amount,
      // What a set-off applied cancelled, only: the optimum is the flows' to show.
      cancelled: cancelledBy === null ? null : (cancelled[i]?.toString() ?? null),
      search: searchOf.get(`${o.debtor}>${o.creditor}`)!,
    })),
    flows: flows.map((f) => ({
      ...f,
      debtorName: nameOf(f.debtor),
      creditorName: nameOf(f.creditor),
      search: `${f.n}\n${searchOf.get(`${f.debtor}>${f.creditor}`)!}`,
    })),
    largest: largestFlows(flows, GRAPH_FLOWS),
    totals,
    basis: totals.cancelled === null || flows.length === 0 ? null : cancelledBy !== null ? "applied" : "optimum",
  };
}

/** The cycle's row as it is now, and its view, computed once per version of the cycle. */
async function cycleView(db: Db, clusterId: number, cycleNumber: number): Promise<{ row: CycleRow; view: CycleView }> {
  const row = await cycleRowOf(db, clusterId, cycleNumber);
  const version = await versionOf(db, row);
  return { row, view: await keptAnswer(db, `cycle:${clusterId}:${cycleNumber}`, version, () => computeView(db, row, version)) };
}

const toFlow = (f: Flow): CycleFlow => ({
  n: f.n,
  debtor: f.debtor,
  creditor: f.creditor,
  obligations: f.obligations,
  owed: f.owed.toString(),
  cancelled: f.cancelled?.toString() ?? null,
  remaining: f.cancelled === null ? null : (f.owed - f.cancelled).toString(),
});

/** One cycle (any phase) with the totals of its flows and the largest of them, which its graphs draw. */
export async function cycleDetailOf(db: Db, clusterId: number, cycleNumber: number): Promise<CycleDetail> {
  // The row as it is now: its funding, deadlines and cutoff move without changing the view.
  const { row, view } = await cycleView(db, clusterId, cycleNumber);
  const t = view.totals;
  return {
    cycle: await toCycle(db, row),
    flows: {
      arrows: t.arrows,
      obligations: t.obligations,
      gross: t.gross.toString(),
      cancelled: t.cancelled?.toString() ?? null,
      remaining: t.remaining?.toString() ?? null,
      reducedPercent: t.reducedPercent,
      basis: view.basis,
    },
    largest: view.largest.map(toFlow),
  };
}

const FLOW_LIST: MemoryList<ViewFlow, FlowSort> = {
  sorts: {
    arrow: { kind: "number", value: (f) => f.n },
    debtor: { kind: "text", value: (f) => f.debtorName },
    creditor: { kind: "text", value: (f) => f.creditorName },
    obligations: { kind: "number", value: (f) => f.obligations },
    owed: { kind: "amount", value: (f) => f.owed },
    cancelled: { kind: "amount", value: (f) => f.cancelled ?? 0n },
    remaining: { kind: "amount", value: (f) => f.owed - (f.cancelled ?? 0n) },
  },
  key: (f) => `${f.debtor}>${f.creditor}`,
  search: (f) => f.search,
};

/** A page of the cycle's flows (debtor → creditor pairs), sorted and searched, with how many match. */
export async function cycleFlowsOf(db: Db, clusterId: number, cycleNumber: number, request: PageRequest): Promise<MemoryPage<CycleFlow>> {
  const page = memoryPageOf((await cycleView(db, clusterId, cycleNumber)).view.flows, FLOW_LIST, request);
  return { ...page, rows: page.rows.map(toFlow) };
}

const OBLIGATION_LIST: MemoryList<ViewObligation, CycleObligationSort> = {
  sorts: { id: { kind: "number", value: (o) => o.id }, amount: { kind: "amount", value: (o) => BigInt(o.amount) } },
  key: (o) => String(o.id),
  search: (o) => o.search,
};

/** A page of the obligations the cycle clears, with what its set-off cancelled of each. */
export async function cycleObligationsOf(db: Db, clusterId: number, cycleNumber: number, request: PageRequest): Promise<MemoryPage<CycleObligation>> {
  const page = memoryPageOf((await cycleView(db, clusterId, cycleNumber)).view.obligations, OBLIGATION_LIST, request);
  return { ...page, rows: page.rows.map(({ search: _search, ...o }) => o) };
}
