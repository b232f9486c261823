import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { agreementDetail, agreementSummary, agreementVersion, milestone } from "../../../core/api/schemas/agreements.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { agreementParties, agreements } from "./tables.js";

type AgreementSummary = z.input<typeof agreementSummary>;
type AgreementDetail = z.input<typeof agreementDetail>;
type Milestone = z.input<typeof milestone>;
type Version = z.input<typeof agreementVersion>;

type AgreementRow = Row<typeof agreements>;

type PartyRow = Pick<Row<typeof agreementParties>, "party" | "signed_version" | "signed_at" | "terminating" | "resolving" | "disputing">;

async function partiesOf(db: Db, clusterId: number, agreementId: number): Promise<PartyRow[]> {
  return (await statement(
    db,
    "SELECT party, signed_version, signed_at, terminating, resolving, disputing FROM agreement_parties WHERE cluster_id = ? AND agreement_id = ? ORDER BY position",
  ).all(clusterId, agreementId)) as unknown as PartyRow[];
}

function toAgreement(r: AgreementRow, parties: PartyRow[]): AgreementSummary {
  return {
    id: r.agreement_id,
    kind: r.kind,
    creator: r.creator,
    status: r.status,
    version: r.version,
    proposedVersion: r.proposed_version,
    parties: parties.map((p) => p.party),
    termsCid: r.terms_cid,
    termsHash: r.terms_hash,
    totalValue: r.total_value,
    createdAt: isoFromUnix(r.created_at),
    txHash: r.created_tx,
  };
}

export async function listAgreements(db: Db, clusterId: number, filter: { status?: AgreementSummary["status"]; party?: string }): Promise<AgreementSummary[]> {
  const rows = (await statement(
    db,
    `SELECT * FROM agreements a WHERE cluster_id = ?
       AND (CAST(? AS TEXT) IS NULL OR status = ?)
       AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM agreement_parties p
             WHERE p.cluster_id = a.cluster_id AND p.agreement_id = a.agreement_id AND p.party = ?))
     ORDER BY agreement_id`,
  ).all(clusterId, filter.status ?? null, filter.status ?? null, filter.party ?? null, filter.party ?? null)) as unknown as AgreementRow[];
  return Promise.all(rows.map(async (r) => toAgreement(r, await partiesOf(db, r.cluster_id, r.agreement_id))));
}

export async function getAgreement(db: Db, clusterId: number, agreementId: number): Promise<AgreementDetail | undefined> {
  const row = (await statement(db, "SELECT * FROM agreements WHERE cluster_id = ? AND agreement_id = ?").get(clusterId, agreementId)) as
    AgreementRow | undefined;
  if (!row) return undefined;
  const parties = await partiesOf(db, clusterId, agreementId);
  const milestones = (await statement(db, "SELECT * FROM agreement_milestones WHERE cluster_id = ? AND agreement_id = ? ORDER BY milestone_index").all(
    clusterId,
    agreementId,
  )) as {
    milestone_index: number;
    version: number;
    deliverer: string;
    payer: string;
    amount: string;
    due_date: number;
    status: Milestone["status"];
    obligation_id: number | null;
  }[];
  return {
    ...toAgreement(row, parties),
    milestones: milestones.map((m) => ({
      index: m.milestone_index,
      version: m.version,
      deliverer: m.deliverer,
      payer: m.payer,
      amount: m.amount,
      dueDate: m.due_date,
      status: m.status,
      obligationId: m.obligation_id,
    })),
    signatures: parties.map((p) => ({
      party: p.party,
      signedVersion: p.signed_version,
      signedAt: p.signed_at === null ? null : isoFromUnix(p.signed_at),
      terminating: p.terminating === 1,
      resolving: p.resolving === 1,
      disputing: p.disputing === 1,
    })),
    versions: await versionsOf(db, row),
    dispute:
      row.dispute_by === null
        ? null
        : { raisedBy: row.dispute_by, reasonCid: row.dispute_reason_cid!, raisedAt: isoFromUnix(row.dispute_at!), txHash: row.dispute_tx! },
  };
}

const time = (t: number | null) => (t === null ? null : isoFromUnix(t));

/** Every version proposed, with what became of it: in force, collecting signatures, amended since, or replaced unsigned. */
async function versionsOf(db: Db, agreement: AgreementRow): Promise<Version[]> {
  const rows = (await statement(db, "SELECT * FROM agreement_versions WHERE cluster_id = ? AND agreement_id = ? ORDER BY version").all(
    agreement.cluster_id,
    agreement.agreement_id,
  )) as {
    version: number;
    terms_cid: string;
    terms_hash: string;
    total_value: string;
    proposer: string | null;
    proposed_at: number | null;
    proposed_tx: string | null;
    approved_at: number | null;
  }[];
  const statusOf = (r: (typeof rows)[number]): Version["status"] => {
    if (r.version === agreement.version) return "inForce";
    if (r.version === agreement.proposed_version) return "proposed";
    return r.approved_at !== null ? "superseded" : "replaced";
  };
  return rows.map((r) => ({
    version: r.version,
    status: statusOf(r),
    termsCid: r.terms_cid,
    termsHash: r.terms_hash,
    totalValue: r.total_value,
    proposer: r.proposer,
    proposedAt: time(r.proposed_at),
    approvedAt: time(r.approved_at),
    txHash: r.proposed_tx,
  }));
}
