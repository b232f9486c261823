import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { application, initiativeItem, initiativeRecord, lifecycle } from "../../../core/api/schemas/governance.js";
import { statusHistory } from "./clusters.js";
import { indexedTime, proposalRow, proposalRowsById, proposalState, toProposal } from "./proposals.js";
import { pageOf, type ListShape, type Page } from "../../query/page.js";
import type { PageRequest } from "../../../core/api/schemas/page.js";
import type { ApplicationSort } from "../../../core/api/schemas/governance.js";
import { isoFromUnix } from "../../query/time.js";

type Application = z.input<typeof application>;
type Lifecycle = z.input<typeof lifecycle>;
type InitiativeItem = z.input<typeof initiativeItem>;
type InitiativeRecord = z.input<typeof initiativeRecord>;

/** The registry's constructor sets 30 days; a cluster keeps the period it was registered with. */
const DEFAULT_WIND_DOWN = 30 * 86_400;

/** How the applications list pages: by id (the default) or submission time; `q` searches the applicant's name and address. */
const APPLICATION_LIST: ListShape<ApplicationSort> = {
  sorts: { id: { sql: "application_id", kind: "number" }, submittedAt: { sql: "submitted_at", kind: "number" } },
  key: { sql: "application_id", kind: "number" },
  search: ["name", "applicant"],
};

interface ApplicationRow {
  application_id: number;
  applicant: string;
  name: string;
  member_kind: Application["profile"]["kind"];
  registration_cid: string;
  role: Application["role"];
  policy: Application["policy"];
  proposal_id: string | null;
  status: Application["status"];
  sponsor: string | null;
  decided_by: string | null;
  decided_at: number | null;
  submitted_at: number;
  tx_hash: string;
}

/** A page of a cluster's membership applications, all of them or only `applicant`'s. */
export async function listApplications(db: Db, clusterId: number, applicant: string | undefined, request: PageRequest): Promise<Page<Application>> {
  const now = await indexedTime(db);
  const page = await pageOf<ApplicationRow>(
    db,
    {
      columns: "*",
      from: "applications",
      where: ["cluster_id = ?", "(CAST(? AS TEXT) IS NULL OR applicant = ?)"],
      params: [clusterId, applicant ?? null, applicant ?? null],
    },
    APPLICATION_LIST,
    request,
  );
  const proposals = await proposalRowsById(
    db,
    clusterId,
    page.rows.flatMap((r) => (r.proposal_id === null ? [] : [r.proposal_id])),
  );
  const rows = page.rows.map((r): Application => {
    const proposal = r.proposal_id === null ? undefined : proposals.get(r.proposal_id);
    return {
      id: r.application_id,
      applicant: r.applicant,
      profile: { name: r.name, kind: r.member_kind, registrationCid: r.registration_cid },
      role: r.role,
      policy: r.policy,
      proposalId: r.proposal_id,
      proposalState: proposal ? proposalState(proposal, now) : null,
      status: r.status,
      sponsor: r.sponsor,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at === null ? null : isoFromUnix(r.decided_at),
      submittedAt: isoFromUnix(r.submitted_at),
      txHash: r.tx_hash,
    };
  });
  return { rows, next: page.next };
}

async function initiativeRecords(db: Db, clusterId: number): Promise<InitiativeRecord[]> {
  const rows = (await statement(db, "SELECT * FROM initiatives WHERE cluster_id = ? ORDER BY block_number, proposal_id").all(clusterId)) as {
    proposal_id: string;
    purpose: InitiativeRecord["purpose"];
    registered_by: string;
    time: number;
    tx_hash: string;
  }[];
  return rows.map((r) => ({
    purpose: r.purpose,
    proposalId: r.proposal_id,
    registeredBy: r.registered_by,
    time: isoFromUnix(r.time),
    txHash: r.tx_hash,
  }));
}

export async function clusterLifecycle(db: Db, clusterId: number): Promise<Lifecycle | undefined> {
  const cluster = (await statement(db, "SELECT status, wind_down_period FROM clusters WHERE id = ? AND status <> 'none'").get(clusterId)) as
    { status: Lifecycle["status"]; wind_down_period: number | null } | undefined;
  if (!cluster) return undefined;
  const history = await statusHistory(db, clusterId);
  const windDown = cluster.wind_down_period === null ? DEFAULT_WIND_DOWN : Number(cluster.wind_down_period);
  const dissolving = history.findLast((h) => h.to === "dissolving")?.time;
  const since = dissolving === undefined ? undefined : Date.parse(dissolving) / 1000;
  return {
    clusterId,
    status: cluster.status,
    history,
    dissolvingSince: since === undefined ? null : isoFromUnix(since),
    windDownPeriod: windDown,
    windDownEndsAt: since === undefined || cluster.status !== "dissolving" ? null : isoFromUnix(since + windDown),
    initiatives: await initiativeRecords(db, clusterId),
  };
}

/**
 * Initiative groups at work: clusters in initiative or voting with their formation vote, and
 * dissolution initiatives whose vote is still open.
 */
export async function listInitiatives(db: Db): Promise<InitiativeItem[]> {
  const now = await indexedTime(db);
  const items: InitiativeItem[] = [];
  const forming = (await statement(db, "SELECT id, name, status FROM clusters WHERE status IN ('initiative', 'voting') ORDER BY id").all()) as {
    id: number;
    name: string;
    status: InitiativeItem["status"];
  }[];
  for (const c of forming) {
    const record = (await initiativeRecords(db, c.id)).find((r) => r.purpose === "formation");
    const row = record && (await proposalRow(db, c.id, record.proposalId));
    items.push({
      clusterId: c.id,
      name: c.name,
      status: c.status,
      purpose: "formation",
      registeredBy: record?.registeredBy ?? null,
      proposal: row ? toProposal(row, now) : null,
    });
  }
  const dissolutions = (await statement(
    db,
    `SELECT i.cluster_id, i.proposal_id, i.registered_by, c.name, c.status FROM initiatives i JOIN clusters c ON c.id = i.cluster_id
     WHERE i.purpose = 'dissolution' ORDER BY i.block_number`,
  ).all()) as { cluster_id: number; proposal_id: string; registered_by: string; name: string; status: InitiativeItem["status"] }[];
  for (const d of dissolutions) {
    const row = await proposalRow(db, d.cluster_id, d.proposal_id);
    if (!row) continue;
    const proposal = toProposal(row, now);
    if (proposal.state !== "pending" && proposal.state !== "active") continue;
    items.push({ clusterId: d.cluster_id, name: d.name, status: d.status, purpose: "dissolution", registeredBy: d.registered_by, proposal });
  }
  return items;
}
