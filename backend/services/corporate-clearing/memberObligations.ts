import type { z } from "zod";
import type { Db } from "../../db/db.js";
import { statement } from "../../db/statements.js";
import { memoryPageOf, type MemoryList, type MemoryPage } from "../../query/memoryPage.js";
import { isoFromUnix } from "../../query/time.js";
import type { PageRequest } from "../../../core/api/schemas/page.js";
import type { clearingObligation, memberObligation, MemberObligationSort, paymentObligation } from "../../../core/api/schemas/clearing.js";

// A member's own obligations, both kinds in one list: those in the clearing, and the payments its
// agreements' accepted milestones created. A member of years has thousands, so the list is paged;
// it is one member's rows (found through the indexes on either side), sorted and searched in
// memory, because amounts are uint256 text and names live in another table.

type MemberObligation = z.input<typeof memberObligation>;
type ClearingObligation = z.input<typeof clearingObligation>;
type PaymentObligation = z.input<typeof paymentObligation>;

/** Which of a member's obligations a list shows. */
export type ObligationsShown = "clearing" | "payments";

interface ListedObligation {
  row: MemberObligation;
  key: string;
  createdAt: number;
  counterpartyName: string;
  search: string;
}

// No join finds what a payment was brought in as: the clearing obligation it became is between the
// same two members, so it is among this member's clearing rows (an index on the agreement's id
// would otherwise be needed, or every payment would scan the cluster's obligations).
const PAYMENTS_SQL = `SELECT p.*, m.name AS counterparty_name FROM payment_obligations p
  LEFT JOIN members m ON m.cluster_id = p.cluster_id AND m.address = (CASE WHEN p.payer = ? THEN p.payee ELSE p.payer END)
  WHERE (p.cluster_id = ? AND p.payer = ?) OR (p.cluster_id = ? AND p.payee = ?)`;

const CLEARING_SQL = `SELECT o.*, m.name AS counterparty_name FROM clearing_obligations o
  LEFT JOIN members m ON m.cluster_id = o.cluster_id AND m.address = (CASE WHEN o.debtor = ? THEN o.creditor ELSE o.debtor END)
  WHERE ((o.cluster_id = ? AND o.debtor = ?) OR (o.cluster_id = ? AND o.creditor = ?))`;

/** The payments' list needs of the clearing only what was brought in from agreements. */
const IMPORTED_SQL = `${CLEARING_SQL} AND o.agreement_obligation_id IS NOT NULL`;

interface PaymentRow {
  obligation_id: number;
  agreement_id: number;
  milestone_index: number | null;
  payer: string;
  payee: string;
  amount: string;
  due_date: number;
  created_at: number;
  counterparty_name: string | null;
}

interface ClearingRow {
  obligation_id: number;
  creditor: string;
  debtor: string;
  amount: string;
  outstanding: string;
  due_date: number;
  status: ClearingObligation["status"];
  cycle: number | null;
  agreement_obligation_id: number | null;
  reference_digest: string;
  created_at: number;
  rolled_from: number | null;
  counterparty_name: string | null;
}

// Keys order rows that tie (obligations created in one block): zero-padded, so text order is number order.
const keyOf = (kind: string, id: number) => `${kind}${String(id).padStart(16, "0")}`;

function listed(row: MemberObligation, counterparty: string, name: string | null, createdAt: number, words: (string | number)[]): ListedObligation {
  const counterpartyName = name || counterparty;
  return {
    row,
    key: keyOf(row.kind, row.id),
    createdAt,
    counterpartyName,
    search: [...words, counterpartyName, counterparty, row.direction].join("\n").toLowerCase(),
  };
}

function paymentOf(p: PaymentRow, who: string, importedAs: number | null): ListedObligation {
  const incoming = p.payee === who;
  const row: PaymentObligation & { kind: "payment" } = {
    kind: "payment",
    id: p.obligation_id,
    agreementId: p.agreement_id,
    milestoneIndex: p.milestone_index,
    payer: p.payer,
    payee: p.payee,
    amount: p.amount,
    dueDate: p.due_date,
    createdAt: isoFromUnix(p.created_at),
    importedAs,
    direction: incoming ? "incoming" : "outgoing",
  };
  const words = [`a${p.obligation_id}`, `agreement #${p.agreement_id}`, importedAs === null ? "not in the clearing" : `obligation #${importedAs}`];
  return listed(row, incoming ? p.payer : p.payee, p.counterparty_name, p.created_at, words);
}

function clearingOf(o: ClearingRow, who: string): ListedObligation {
  const incoming = o.creditor === who;
  const row: ClearingObligation & { kind: "clearing" } = {
    kind: "clearing",
    id: o.obligation_id,
    creditor: o.creditor,
    debtor: o.debtor,
    amount: o.amount,
    outstanding: o.outstanding,
    dueDate: o.due_date,
    status: o.status,
    cycle: o.cycle,
    rolledFrom: o.rolled_from,
    importedFrom: o.agreement_obligation_id,
    referenceDigest: o.reference_digest,
    createdAt: isoFromUnix(o.created_at),
    direction: incoming ? "incoming" : "outgoing",
  };
  const words = [
    o.obligation_id,
    o.status,
    ...(o.cycle === null ? [] : [`cycle ${o.cycle}`]),
    ...(o.rolled_from === null ? [] : [`rolled from cycle ${o.rolled_from}`]),
  ];
  return listed(row, incoming ? o.debtor : o.creditor, o.counterparty_name, o.created_at, words);
}

/** Every obligation `who` has in the cluster of the kinds `shown` asks for. */
async function obligationsListed(db: Db, clusterId: number, who: string, shown: ObligationsShown): Promise<ListedObligation[]> {
  const byMember = [who, clusterId, who, clusterId, who];
  const clearingRows = (await statement(db, shown === "payments" ? IMPORTED_SQL : CLEARING_SQL).all(...byMember)) as unknown as ClearingRow[];
  const importedAs = new Map(clearingRows.filter((o) => o.agreement_obligation_id !== null).map((o) => [o.agreement_obligation_id!, o.obligation_id]));
  const payments = ((await statement(db, PAYMENTS_SQL).all(...byMember)) as unknown as PaymentRow[])
    // The clearing lists a payment once, as the obligation it was brought in as.
    .filter((p) => shown === "payments" || !importedAs.has(p.obligation_id))
    .map((p) => paymentOf(p, who, importedAs.get(p.obligation_id) ?? null));
  if (shown === "payments") return payments;
  return [...clearingRows.map((o) => clearingOf(o, who)), ...payments];
}

const OBLIGATION_LIST: MemoryList<ListedObligation, MemberObligationSort> = {
  sorts: {
    created: { kind: "number", value: (o) => o.createdAt },
    counterparty: { kind: "text", value: (o) => o.counterpartyName },
    amount: { kind: "amount", value: (o) => BigInt(o.row.amount) },
    due: { kind: "number", value: (o) => o.row.dueDate },
  },
  key: (o) => o.key,
  search: (o) => o.search,
};

/** A page of `who`'s obligations in the cluster, incoming and outgoing, sorted and searched, with how many match. */
export async function memberObligationsOf(
  db: Db,
  clusterId: number,
  who: string,
  shown: ObligationsShown,
  request: PageRequest,
): Promise<MemoryPage<MemberObligation>> {
  const page = memoryPageOf(await obligationsListed(db, clusterId, who, shown), OBLIGATION_LIST, request);
  return { ...page, rows: page.rows.map((o) => o.row) };
}
