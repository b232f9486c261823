import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { inList, statement } from "../../db/statements.js";
import type { agreementDetail, agreementSummary, agreementVersion, milestone } from "../../../core/api/schemas/agreements.js";
import { isoFromUnix } from "../../query/time.js";
import type { Row } from "../../db/table.js";
import type { agreementParties, agreements } from "./tables.js";
import { pageOf, type ListShape, type Page } from "../../query/page.js";
import type { PageRequest } from "../../../core/api/schemas/page.js";
import type { AgreementSort } from "../../../core/api/schemas/agreements.js";

type AgreementSummary = z.input<typeof agreementSummary>;
type AgreementDetail = z.input<typeof agreementDetail>;
type Milestone = z.input<typeof milestone>;
type Version = z.input<typeof agreementVersion>;

type AgreementRow = Row<typeof agreements>;

type PartyRow = Pick<Row<typeof agreementParties>, "party" | "signed_version" | "signed_at" | "terminating" | "resolving" | "disputing">;

type PartyRowOf = PartyRow & { agreement_id: number };

/** The parties of `agreementIds` (one cluster's), in their order, read in one query whatever their number. */
async function partiesOf(db: Db, clusterId: number, agreementIds: number[]): Promise<Map<number, PartyRow[]>> {
  const ids = inList(agreementIds);
  const rows = (await statement(
    db,
    `SELECT agreement_id, party, signed_version, signed_at, terminating, resolving, disputing FROM agreement_parties
     WHERE cluster_id = ? AND agreement_id IN (${ids.marks}) ORDER BY agreement_id, position`,
  ).all(clusterId, ...ids.params)) as unknown as PartyRowOf[];
  const byAgreement = new Map<number, PartyRow[]>(agreementIds.map((id) => [id, []]));
  for (const row of rows) byAgreement.get(row.agreement_id)?.push(row);
  return byAgreement;
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

/** How the agreements list pages: by id (the default) or creation time; `q` searches kind and creator address. */
const AGREEMENT_LIST: ListShape<AgreementSort> = {
  sorts: { id: { sql: "a.agreement_id", kind: "number" }, createdAt: { sql: "a.created_at", kind: "number" } },
  key: { sql: "a.agreement_id", kind: "number" },
  search: ["a.kind", "a.creator"],
};

/** A page of the agreements of a cluster that `reader` is a party to, optionally by status and another party. */
export async function listAgreements(
  db: Db,
  clusterId: number,
  reader: string,
  filter: { status?: AgreementSummary["status"]; party?: string },
  request: PageRequest,
): Promise<Page<AgreementSummary>> {
  const partyIs = "EXISTS (SELECT 1 FROM agreement_parties p WHERE p.cluster_id = a.cluster_id AND p.agreement_id = a.agreement_id AND p.party = ?)";
  const page = await pageOf<AgreementRow>(
    db,
    {
      columns: "a.*",
      from: "agreements a",
      where: ["a.cluster_id = ?", "(CAST(? AS TEXT) IS NULL OR a.status = ?)", partyIs, `(CAST(? AS TEXT) IS NULL OR ${partyIs})`],
      params: [clusterId, filter.status ?? null, filter.status ?? null, reader, filter.party ?? null, filter.party ?? null],
    },
    AGREEMENT_LIST,
    request,
  );
  const parties = await partiesOf(
    db,
    clusterId,
    page.rows.map((r) => r.agreement_id),
  );
  return { rows: page.rows.map((r) => toAgreement(r, parties.get(r.agreement_id) ?? [])), next: page.next };
}

export async function getAgreement(db: Db, clusterId: number, agreementId: number): Promise<AgreementDetail | undefined> {
  const row = (await statement(db, "SELECT * FROM agreements WHERE cluster_id = ? AND agreement_id = ?").get(clusterId, agreementId)) as
    AgreementRow | undefined;
  if (!row) return undefined;
  const parties = (await partiesOf(db, clusterId, [agreementId])).get(agreementId) ?? [];
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
