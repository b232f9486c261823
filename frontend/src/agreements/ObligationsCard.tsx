import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { Member } from "../api/types.js";
import { memberNames } from "../members/memberName.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { useChainTime } from "../chain/useChainTime.js";
import { Amount, Deadline } from "../ui/amount.js";
import { TableScroll } from "../ui/TableScroll.js";

/**
 * The signed-in member's payment obligations from accepted milestones: what it owes and what it
 * is owed. A member reads only its own (the API answers no one else's).
 */
export function ObligationsCard({ clusterId, members, generation }: { clusterId: number; members: Member[]; generation: number }) {
  const obligations = useApi(() => api.obligations(clusterId), `obligations-${clusterId}-${generation}`);
  const name = memberNames(members);
  const now = useChainTime(`obligations-${clusterId}-${generation}`);
  return (
    <div className="card" data-testid="member-obligations">
      <div className="card-head">
        <h2>Your obligations</h2>
      </div>
      {obligations.error && !obligations.data ? (
        <LoadError error={obligations.error} retry={obligations.reload} membersOnly="your obligations" />
      ) : !obligations.data ? (
        <Loading what="obligations" />
      ) : obligations.data.paymentObligations.length === 0 ? (
        <p className="empty">No payment obligations from agreements.</p>
      ) : (
        <TableScroll label="Obligations">
          <table className="table">
            <thead>
              <tr>
                <th>#</th>
                <th>Direction</th>
                <th>Payer</th>
                <th>Payee</th>
                <th className="num">Amount</th>
                <th>Due</th>
                <th>Agreement</th>
                <th>In clearing</th>
              </tr>
            </thead>
            <tbody>
              {obligations.data.paymentObligations.map((o) => (
                <tr key={o.id} data-obligation={o.id} data-direction={o.direction ?? ""}>
                  <td className="muted">{o.id}</td>
                  <td>{o.direction === "incoming" ? "Owed to it" : o.direction === "outgoing" ? "It owes" : "—"}</td>
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
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
