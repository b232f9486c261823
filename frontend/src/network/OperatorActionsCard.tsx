import type { OperatorAction } from "../api/types.js";
import { When } from "./labels.js";
import { TableScroll } from "../ui/TableScroll.js";

/** What the permissioning operator changed on the nodes lately, newest first. */
export function OperatorActionsCard({ actions }: { actions: OperatorAction[] }) {
  return (
    <div className="card" data-testid="operator-actions">
      <div className="card-head">
        <div>
          <h2>
            Operator's recent actions <span className="count">{actions.length}</span>
          </h2>
          <p className="muted small">Every change the permissioning operator made to a node's allowlists or validator votes.</p>
        </div>
      </div>
      {actions.length === 0 ? (
        <p className="empty">The operator has not had to change anything yet.</p>
      ) : (
        <TableScroll label="Operator's recent actions">
          <table className="table" aria-label="Operator's recent actions">
            <thead>
              <tr>
                <th>When</th>
                <th>Node</th>
                <th>Action</th>
                <th>Detail</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id} data-action-id={a.id}>
                  <td className="small">
                    <When iso={a.at} />
                  </td>
                  <td>{a.node}</td>
                  <td>{a.action}</td>
                  <td className="break small">{a.detail}</td>
                  <td>
                    <span className={`badge ${a.outcome === "ok" ? "tone-good" : "tone-bad"}`}>{a.outcome === "ok" ? "Done" : "Failed"}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
