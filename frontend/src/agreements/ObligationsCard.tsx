import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { Member } from "../api/types.js";
import { memberNames } from "../membership/memberName.js";
import { LoadError, Loading } from "../ui/Notice.js";
import { formatUnixTime } from "../ui/format.js";

/** A member's payment obligations from accepted milestones: what it owes and what it is owed. */
export function ObligationsCard({ clusterId, members, initial, generation }: { clusterId: number; members: Member[]; initial: string | undefined; generation: number }) {
  const [member, setMember] = useState(initial ?? members[0]?.address ?? "");
  const obligations = useApi(() => api.obligations(clusterId, member || undefined), `obligations-${clusterId}-${member}-${generation}`);
  const name = memberNames(members);
  return (
    <div className="card" data-testid="member-obligations">
      <div className="card-head">
        <h2>Obligations of a member</h2>
        <select aria-label="Obligations of" value={member} onChange={(e) => setMember(e.target.value)}>
          {members.map((m) => (
            <option key={m.address} value={m.address}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      {obligations.error && !obligations.data ? (
        <LoadError error={obligations.error} retry={obligations.reload} />
      ) : !obligations.data ? (
        <Loading what="obligations" />
      ) : obligations.data.paymentObligations.length === 0 ? (
        <p className="empty">No payment obligations from agreements.</p>
      ) : (
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
                <td className="num">{o.amount}</td>
                <td>{formatUnixTime(o.dueDate)}</td>
                <td>
                  #{o.agreementId}
                  {o.milestoneIndex !== null && ` · milestone ${o.milestoneIndex}`}
                </td>
                <td>{o.importedAs !== null ? `obligation #${o.importedAs}` : <span className="muted">not yet</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
