import { Fragment, type ReactNode } from "react";
import type { RegisteredNode } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { AllowedBadge, clusterText, NodeStatusBadge, outcomeText, When } from "./labels.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";

/**
 * Registered nodes, one row each: id, owner, cluster, endpoint, status, whether the network admits
 * it and why not. `actions` gives a row its buttons; `detail` an extra row beneath it (a form).
 */
export function RegisteredNodesTable({
  nodes,
  label,
  showOwner = true,
  actions,
  detail,
}: {
  nodes: RegisteredNode[];
  label: string;
  showOwner?: boolean;
  actions?: (node: RegisteredNode) => ReactNode;
  detail?: (node: RegisteredNode) => ReactNode;
}) {
  const columns = 6 + (showOwner ? 1 : 0) + (actions ? 1 : 0);
  const view = useListView(nodes, {
    searchText: (n) => [n.node, n.owner, n.ownerName, clusterText(n), `${n.host}:${n.port}`, n.status, outcomeText(n)],
    sorts: {
      owner: byText((n: RegisteredNode) => n.ownerName ?? n.owner),
      cluster: byText((n: RegisteredNode) => clusterText(n)),
      status: byText((n: RegisteredNode) => n.status),
      registered: byNumber((n: RegisteredNode) => n.registeredBlock),
    },
    initialSort: { key: "registered", direction: "desc" },
  });
  return (
    <>
      <ListTable
        view={view}
        label={label}
        noun={label.toLowerCase()}
        one="node"
        placeholder="Search by node, owner, cluster, host or status…"
        columns={[
          { label: "Node" },
          { label: "Owner", sort: "owner", shown: showOwner },
          { label: "Cluster", sort: "cluster" },
          { label: "Endpoint" },
          { label: "Status", sort: "status" },
          { label: "Network" },
          { label: "Registered", sort: "registered" },
          { label: "Actions", shown: actions !== undefined },
        ]}
      >
        {view.rows.map((n) => {
          const why = outcomeText(n);
          const extra = detail?.(n);
          return (
            <Fragment key={n.node}>
              <tr data-node={n.node.toLowerCase()} data-status={n.status}>
                <td>
                  <Address value={n.node} />
                </td>
                {showOwner && (
                  <td>
                    {n.ownerName ?? <span className="muted">unknown</span>}
                    <div>
                      <Address value={n.owner} named={false} />
                    </div>
                  </td>
                )}
                <td>{clusterText(n)}</td>
                <td>
                  <code className="endpoint" title={n.enode}>
                    {n.host}:{n.port}
                  </code>
                </td>
                <td>
                  <NodeStatusBadge status={n.status} />
                  {why && (
                    <div className="muted small" data-testid="node-reason">
                      {why}
                    </div>
                  )}
                </td>
                <td>
                  <AllowedBadge allowed={n.allowed} />
                </td>
                <td className="small">
                  <When iso={n.registeredAt} absolute />
                  <div className="muted">block {n.registeredBlock}</div>
                </td>
                {actions && <td className="row-actions">{actions(n)}</td>}
              </tr>
              {extra && (
                <tr className="detail-row">
                  <td colSpan={columns}>{extra}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </ListTable>
    </>
  );
}
