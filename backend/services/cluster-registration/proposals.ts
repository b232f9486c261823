import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { getMeta } from "../../db/meta.js";
import { inList, statement } from "../../db/statements.js";
import type { proposalDetail, proposalPayload, proposalSummary, vote } from "../../../core/api/schemas/governance.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { proposals, proposalVotes } from "./tables.js";
import { pageOf, type ListShape, type Page } from "../../query/page.js";
import type { PageRequest } from "../../../core/api/schemas/page.js";
import type { ProposalSort } from "../../../core/api/schemas/governance.js";

type ProposalSummary = z.input<typeof proposalSummary>;
type ProposalDetail = z.input<typeof proposalDetail>;
type Vote = z.input<typeof vote>;
export type ProposalState = ProposalSummary["state"];

export type ProposalRow = Row<typeof proposals>;

/** The chain's "now" as far as the index knows: the time of the latest indexed block. */
export async function indexedTime(db: Db): Promise<number> {
  return Number((await getMeta(db, "checkpoint_time")) ?? 0);
}

export function quorumReached(r: ProposalRow): boolean {
  return r.for_votes + r.abstain_votes >= (r.required_quorum ?? Number.MAX_SAFE_INTEGER);
}

/**
 * The governor's state() from the index: Pending until the snapshot second has passed, Active
 * through the deadline, then Succeeded (quorum of for + abstain, at least one For and
 * for x 10000 >= threshold x (for + against)) or Defeated. Executed and Canceled come from their
 * events. A core veto makes the proposal "vetoed" at once: it can no longer pass.
 */
export function proposalState(r: ProposalRow, now: number): ProposalState {
  if (r.outcome) return r.outcome;
  if (r.vetoed_by) return "vetoed";
  if (now <= r.vote_start) return "pending";
  if (now <= r.vote_end) return "active";
  const passed = r.for_votes > 0 && r.for_votes * 10_000 >= (r.threshold_bps ?? 10_000) * (r.for_votes + r.against_votes);
  return quorumReached(r) && passed ? "succeeded" : "defeated";
}

export function toProposal(r: ProposalRow, now: number): ProposalSummary {
  return {
    id: r.proposal_id,
    clusterId: r.cluster_id,
    kind: r.kind,
    proposer: r.proposer,
    description: r.description,
    payload: r.payload_json === null ? null : (JSON.parse(r.payload_json) as z.input<typeof proposalPayload>),
    voteStart: isoFromUnix(r.vote_start),
    deadline: isoFromUnix(r.vote_end),
    state: proposalState(r, now),
    rules: {
      quorumBps: r.quorum_bps,
      approvalThresholdBps: r.threshold_bps,
      vetoable: r.vetoable === 1,
      coreOnly: r.core_only === 1,
    },
    tally: { for: r.for_votes, against: r.against_votes, abstain: r.abstain_votes },
    quorum: { counted: r.for_votes + r.abstain_votes, required: r.required_quorum, reached: quorumReached(r) },
    vetoedBy: r.vetoed_by,
    createdAt: isoFromUnix(r.created_at),
    blockNumber: r.created_block,
    txHash: r.created_tx,
  };
}

/** Proposal rows of some clusters, oldest first. */
export async function proposalRows(db: Db, clusterIds: number[]): Promise<ProposalRow[]> {
  if (clusterIds.length === 0) return [];
  return (await statement(db, `SELECT * FROM proposals WHERE cluster_id IN (${clusterIds.map(() => "?").join(", ")}) ORDER BY created_block, created_log`).all(
    ...clusterIds,
  )) as unknown as ProposalRow[];
}

export async function proposalRow(db: Db, clusterId: number, proposalId: string): Promise<ProposalRow | undefined> {
  return (await statement(db, "SELECT * FROM proposals WHERE cluster_id = ? AND proposal_id = ?").get(clusterId, proposalId)) as ProposalRow | undefined;
}

/** How the proposals list pages: in the order they were made (the default); `q` searches description and proposer. */
const PROPOSAL_ORDER = "created_block * 65536 + created_log";
const PROPOSAL_LIST: ListShape<ProposalSort> = {
  sorts: { created: { sql: PROPOSAL_ORDER, kind: "number" } },
  key: { sql: PROPOSAL_ORDER, kind: "number" },
  search: ["description", "proposer"],
};

/**
 * A page of a cluster's proposals. Their state follows from the index's time, not a column, so a
 * `state` filter is applied to each page: a page may then hold fewer rows than its limit, and
 * only the Link header says whether more follow.
 */
export async function listProposals(db: Db, clusterId: number, state: ProposalState | undefined, request: PageRequest): Promise<Page<ProposalSummary>> {
  const now = await indexedTime(db);
  const page = await pageOf<ProposalRow>(db, { columns: "*", from: "proposals", where: ["cluster_id = ?"], params: [clusterId] }, PROPOSAL_LIST, request);
  return { rows: page.rows.map((r) => toProposal(r, now)).filter((p) => state === undefined || p.state === state), next: page.next };
}

/** Proposal rows of one cluster by id, read in one query. */
export async function proposalRowsById(db: Db, clusterId: number, proposalIds: string[]): Promise<Map<string, ProposalRow>> {
  const ids = inList(proposalIds);
  const rows = (await statement(db, `SELECT * FROM proposals WHERE cluster_id = ? AND proposal_id IN (${ids.marks})`).all(
    clusterId,
    ...ids.params,
  )) as unknown as ProposalRow[];
  return new Map(rows.map((r) => [r.proposal_id, r]));
}

type VoteRow = Pick<Row<typeof proposalVotes>, "voter" | "support" | "weight" | "reason" | "by_signature" | "block_number" | "time" | "tx_hash">;

function toVote(v: VoteRow): Vote {
  return {
    voter: v.voter,
    support: v.support,
    weight: v.weight,
    reason: v.reason,
    bySignature: v.by_signature === 1,
    blockNumber: v.block_number,
    time: isoFromUnix(v.time),
    txHash: v.tx_hash,
  };
}

/** Whether `voter` voted on the proposal. */
export async function hasVoted(db: Db, clusterId: number, proposalId: string, voter: string): Promise<boolean> {
  return (
    (await statement(db, "SELECT 1 AS found FROM proposal_votes WHERE cluster_id = ? AND proposal_id = ? AND voter = ?").get(clusterId, proposalId, voter)) !==
    undefined
  );
}

export async function getProposal(db: Db, clusterId: number, proposalId: string, caller?: string): Promise<ProposalDetail | undefined> {
  const row = await proposalRow(db, clusterId, proposalId);
  if (!row) return undefined;
  const now = await indexedTime(db);
  const votes = (
    (await statement(db, "SELECT * FROM proposal_votes WHERE cluster_id = ? AND proposal_id = ? ORDER BY block_number, log_index").all(
      clusterId,
      proposalId,
    )) as unknown as VoteRow[]
  ).map(toVote);
  return {
    ...toProposal(row, now),
    votes,
    myVote: (caller && votes.find((v) => v.voter === caller)) || null,
    asOf: isoFromUnix(now),
  };
}
