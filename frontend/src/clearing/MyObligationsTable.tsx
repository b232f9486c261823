import { useMemo, type ReactNode } from "react";
import { api } from "../api/client.js";
import type { MemberObligation } from "../api/types.js";
import type { MemberObligationSort } from "../../../core/api/schemas/clearing.js";
import { clearingHouseAt } from "../chain/contracts.js";
import type { Transaction } from "../chain/useTransaction.js";
import { Amount, Deadline } from "../ui/amount.js";
import { ListTable } from "../ui/listView.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { useServerListView } from "../ui/serverListView.js";
import { Badge } from "../ui/StatusBadge.js";

/** A row of the member's obligations: one in the clearing, or an agreement's payment not brought into it yet. */
type ClearingObligation = Extract<MemberObligation, { kind: "clearing" }>;

interface Row {
  key: string;
  label: string;
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

function rowOf(o: MemberObligation, name: (address: string) => string): Row {
  const incoming = o.direction === "incoming";
  if (o.kind === "payment") {
    return {
      key: `p${o.id}`,
      label: `A${o.id}`,
      incoming,
      counterparty: name(incoming ? o.payer : o.payee),
      amount: o.amount,
      outstanding: o.amount,
      dueDate: o.dueDate,
      status: `from agreement #${o.agreementId}, not in the clearing yet`,
      testData: { "data-payment-obligation": o.id },
      paymentId: o.id,
    };
  }
  return {
    key: `c${o.id}`,
    label: String(o.id),
    incoming,
    counterparty: name(incoming ? o.debtor : o.creditor),
    amount: o.amount,
    outstanding: o.outstanding,
    dueDate: o.dueDate,
    status: `${o.status}${o.cycle !== null ? ` · cycle ${o.cycle}` : ""}${o.rolledFrom !== null ? ` · rolled from cycle ${o.rolledFrom}` : ""}`,
    testData: {
      "data-clearing-obligation": o.id,
      "data-direction": o.direction,
      "data-status": o.status,
      ...(o.rolledFrom !== null ? { "data-rolled-from": o.rolledFrom } : {}),
    },
    obligation: o,
  };
}

/**
 * The signed-in member's obligations, in the clearing and not yet brought into it: searchable by
 * counterparty, status or number, sortable, paged by the API (a member of years has thousands);
 * each with what the member may do with it.
 */
export function MyObligationsTable({
  clusterId,
  name,
  clearing,
  tx,
  now,
  reloadKey,
  onChanged,
}: {
  clusterId: number;
  name: (address: string) => string;
  clearing: string | undefined;
  tx: Transaction;
  now: number;
  reloadKey: string;
  onChanged: () => void;
}) {
  const view = useServerListView<MemberObligation, MemberObligationSort>((query) => api.obligations(clusterId, "clearing", query), {
    initialSort: { key: "created", direction: "desc" },
    reloadKey,
  });
  const rows = useMemo(() => view.rows.map((o) => rowOf(o, name)), [view.rows, name]);
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
  if (view.loaded.error && !view.loaded.data) return <LoadError error={view.loaded.error} retry={view.loaded.reload} membersOnly="your obligations" />;
  if (!view.loaded.data) return <Loading what="your obligations" />;
  if (view.total === 0 && !view.query) return <p className="empty">You have no obligations in this cluster.</p>;
  return (
    <ListTable
      view={view}
      label="My obligations"
      noun="obligations"
      one="obligation"
      placeholder="Search by counterparty, status or number…"
      columns={[
        { label: "#", sort: "created" },
        { label: "Direction" },
        { label: "Counterparty", sort: "counterparty" },
        { label: "Amount", sort: "amount", className: "num" },
        { label: "Outstanding", className: "num" },
        { label: "Due", sort: "due" },
        { label: "Status" },
        { label: <span className="visually-hidden">Actions</span> },
      ]}
    >
      {rows.map((r) => (
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
