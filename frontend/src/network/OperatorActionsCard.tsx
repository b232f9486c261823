import type { OperatorAction } from "../api/types.js";
import { When } from "./labels.js";
import { byText, ListTable, useListView } from "../ui/listView.js";

/** What the permissioning operator changed on the nodes lately, newest first. */
export function OperatorActionsCard({ actions }: { actions: OperatorAction[] }) {
  const view = useListView(actions, {
    searchText: (a) => [a.node, a.action, a.detail, a.outcome === "ok" ? "done" : "failed"],
    sorts: {
      at: byText((a: OperatorAction) => a.at),
      node: byText((a: OperatorAction) => a.node),
      action: byText((a: OperatorAction) => a.action),
    },
    initialSort: { key: "at", direction: "desc" },
  });
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
        <>
          <ListTable
            view={view}
            label="Operator's recent actions"
            noun="operator actions"
            one="action"
            placeholder="Search by node, action or detail…"
            columns={[
              { label: "When", sort: "at" },
              { label: "Node", sort: "node" },
              { label: "Action", sort: "action" },
              { label: "Detail" },
              { label: "Outcome" },
            ]}
          >
            {view.rows.map((a) => (
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
          </ListTable>
        </>
      )}
    </div>
  );
}
