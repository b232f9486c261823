import { useMemo } from "react";
import { api } from "../api/client.js";
import type { Member, MemberObligation } from "../api/types.js";
import type { MemberObligationSort } from "../../../core/api/schemas/clearing.js";
import { memberNames } from "../members/memberName.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { useChainTime } from "../chain/useChainTime.js";
import { Amount, Deadline } from "../ui/amount.js";
import { ListTable } from "../ui/listView.js";
import { useServerListView } from "../ui/serverListView.js";

type PaymentObligation = Extract<MemberObligation, { kind: "payment" }>;

/**
 * The signed-in member's payment obligations from accepted milestones: what it owes and what it
 * is owed. A member reads only its own (the API answers no one else's), a page at a time.
 */
export function ObligationsCard({ clusterId, members, generation }: { clusterId: number; members: Member[]; generation: number }) {
  const view = useServerListView<MemberObligation, MemberObligationSort>((query) => api.obligations(clusterId, "payments", query), {
    initialSort: { key: "created", direction: "desc" },
    reloadKey: String(generation),
  });
  const name = useMemo(() => memberNames(members), [members]);
  const now = useChainTime(`obligations-${clusterId}-${generation}`);
  // The list asked for payments only: narrowed for the type, not filtered.
  const rows = view.rows.filter((o): o is PaymentObligation => o.kind === "payment");
  return (
    <div className="card" data-testid="member-obligations">
      <div className="card-head">
        <h2>Your obligations</h2>
      </div>
      {view.loaded.error && !view.loaded.data ? (
        <LoadError error={view.loaded.error} retry={view.loaded.reload} membersOnly="your obligations" />
      ) : !view.loaded.data ? (
        <Loading what="obligations" />
      ) : view.total === 0 && !view.query ? (
        <p className="empty">No payment obligations from agreements.</p>
      ) : (
        <ListTable
          view={view}
          label="Obligations"
          noun="obligations"
          one="obligation"
          placeholder="Search by counterparty, agreement or number…"
          columns={[
            { label: "#", sort: "created" },
            { label: "Direction" },
            { label: "Payer" },
            { label: "Payee" },
            { label: "Amount", sort: "amount", className: "num" },
            { label: "Due", sort: "due" },
            { label: "Agreement" },
            { label: "In clearing" },
          ]}
        >
          {rows.map((o) => (
            <tr key={o.id} data-obligation={o.id} data-direction={o.direction}>
              <td className="muted">{o.id}</td>
              <td>{o.direction === "incoming" ? "Owed to it" : "It owes"}</td>
              <td>{name(o.payer)}</td>
              <td>{name(o.payee)}</td>
              <td className="num">
                <Amount value={o.amount} />
              </td>
              <td>
                <Deadline seconds={o.dueDate} now={now} />
              </td>
              <td>
                #{o.agreementId}
                {o.milestoneIndex !== null && ` · milestone ${o.milestoneIndex + 1}`}
              </td>
              <td>{o.importedAs !== null ? `obligation #${o.importedAs}` : <span className="muted">not yet</span>}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </div>
  );
}
