import { useMemo, type ReactNode } from "react";
import type { ClearingObligation, Obligations } from "../api/types.js";
import { clearingHouseAt } from "../chain/contracts.js";
import type { Transaction } from "../chain/useTransaction.js";
import { Amount, Deadline } from "../ui/amount.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { Badge } from "../ui/StatusBadge.js";

/** A row of the member's obligations: one in the clearing, or an agreement's payment not brought into it yet. */
interface Row {
  key: string;
  label: string;
  order: number;
  incoming: boolean;
  counterparty: string;
  amount: string;
  outstanding: string;
  dueDate: number;
  status: string;
  testData: Record<string, string | number>;
  obligation?: ClearingObligation;
  paymentId?: number;
}

/** The rows of both kinds, newest first within each: clearing obligations by id, then agreements' payments (A1, A2…). */
function rowsOf(mine: Obligations, name: (address: string) => string): Row[] {
  const clearing: Row[] = mine.clearingObligations.map((c) => ({
    key: `c${c.id}`,
    label: String(c.id),
    order: c.id,
    incoming: c.direction === "incoming",
    counterparty: name(c.direction === "incoming" ? c.debtor : c.creditor),
    amount: c.amount,
    outstanding: c.outstanding,
    dueDate: c.dueDate,
    status: `${c.status}${c.cycle !== null ? ` · cycle ${c.cycle}` : ""}${c.rolledFrom !== null ? ` · rolled from cycle ${c.rolledFrom}` : ""}`,
    testData: {
      "data-clearing-obligation": c.id,
      "data-direction": c.direction ?? "",
      "data-status": c.status,
      ...(c.rolledFrom !== null ? { "data-rolled-from": c.rolledFrom } : {}),
    },
    obligation: c,
  }));
  const payments: Row[] = mine.paymentObligations
    .filter((p) => p.importedAs === null)
    .map((p) => ({
      key: `p${p.id}`,
      label: `A${p.id}`,
      order: -p.id,
      incoming: p.direction === "incoming",
      counterparty: name(p.direction === "incoming" ? p.payer : p.payee),
      amount: p.amount,
      outstanding: p.amount,
      dueDate: p.dueDate,
      status: `from agreement #${p.agreementId}, not in the clearing yet`,
      testData: { "data-payment-obligation": p.id },
      paymentId: p.id,
    }));
  return [...clearing, ...payments];
}

/** The signed-in member's obligations: searchable by counterparty or status, sortable, paged; each with what the member may do with it. */
export function MyObligationsTable({
  mine,
  name,
  clearing,
  tx,
  now,
  onChanged,
}: {
  mine: Obligations;
  name: (address: string) => string;
  clearing: string | undefined;
  tx: Transaction;
  now: number;
  onChanged: () => void;
}) {
  const rows = useMemo(() => rowsOf(mine, name), [mine, name]);
  const view = useListView(rows, {
    searchText: (r) => [r.label, r.counterparty, r.status, r.incoming ? "incoming" : "outgoing"],
    sorts: {
      id: byNumber((r: Row) => r.order),
      counterparty: byText((r: Row) => r.counterparty),
      amount: byNumber((r: Row) => BigInt(r.amount)),
      due: byNumber((r: Row) => r.dueDate),
    },
    initialSort: { key: "id", direction: "desc" },
  });
  const button = (label: string, title: string, send: Parameters<Transaction["run"]>[1]): ReactNode => (
    <button type="button" className="button" disabled={tx.busy} onClick={() => void tx.run(title, send, onChanged)}>
      {label}
    </button>
  );
  const actions = (r: Row): ReactNode => {
    if (!clearing) return null;
    const c = r.obligation;
    if (c?.status === "proposed" && c.direction === "outgoing")
      return button("Confirm", `Confirm obligation #${c.id}`, (s) => clearingHouseAt(clearing, s).confirmObligation(c.id));
    if (c?.status === "proposed" && c.direction === "incoming")
      return button("Cancel", `Cancel obligation #${c.id}`, (s) => clearingHouseAt(clearing, s).cancelObligation(c.id));
    if (r.paymentId !== undefined) {
      const id = r.paymentId;
      return button("Import", `Bring obligation A${id} into the clearing`, (s) => clearingHouseAt(clearing, s).importAgreementObligation(id));
    }
    return null;
  };
  return (
    <ListTable
      view={view}
      label="My obligations"
      noun="obligations"
      one="obligation"
      placeholder="Search by counterparty, status or number…"
      columns={[
        { label: "#", sort: "id" },
        { label: "Direction" },
        { label: "Counterparty", sort: "counterparty" },
        { label: "Amount", sort: "amount", className: "num" },
        { label: "Outstanding", className: "num" },
        { label: "Due", sort: "due" },
        { label: "Status" },
        { label: <span className="visually-hidden">Actions</span> },
      ]}
    >
      {view.rows.map((r) => (
        <tr key={r.key} {...r.testData}>
          <td className="muted">{r.label}</td>
          <td>{r.incoming ? <Badge tone="good">Incoming</Badge> : <Badge tone="warn">Outgoing</Badge>}</td>
          <td>{r.counterparty}</td>
          <td className="num">
            <Amount value={r.amount} />
          </td>
          <td className="num">
            <Amount value={r.outstanding} />
          </td>
          <td>
            <Deadline seconds={r.dueDate} now={now} />
          </td>
          <td>{r.status}</td>
          <td>{actions(r)}</td>
        </tr>
      ))}
    </ListTable>
  );
}
