import { useState } from "react";
import { Link } from "react-router-dom";
import type { ClusterNetwork, NetworkLink } from "../api/types.js";
import { membershipAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { FLOW_KIND_LABEL } from "../ui/labels.js";
import { AGREEMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { TxStatus } from "../ui/TxStatus.js";
import { FLOW_COLOUR } from "./flowStyle.js";
import { agreementIdsOf, useAgreementNames, type AgreementName } from "./networkAgreements.js";

/**
 * The network's links. A link an agreement draws names that agreement (a member can open it); the
 * CDO may remove the links the CDO drew (`membership` set), each after a confirmation.
 */
export function NetworkLinksTable({
  clusterId,
  network,
  isMember,
  membership,
  onRemoved,
}: {
  clusterId: number;
  network: ClusterNetwork;
  isMember: boolean;
  /** The cluster's Membership address when the viewer is the CDO and may edit the map. */
  membership?: string;
  onRemoved: () => void;
}) {
  const [confirming, setConfirming] = useState<number>();
  const tx = useTransaction();
  const names = useAgreementNames(clusterId, isMember, agreementIdsOf(network.links));
  const label = new Map(network.nodes.map((n) => [n.id, n.label]));
  const nameOf = (id: number) => label.get(id) ?? `#${id}`;
  const view = useListView(network.links, {
    searchText: (l) => [nameOf(l.from), nameOf(l.to), FLOW_KIND_LABEL[l.kind], l.agreementId !== undefined ? `agreement #${l.agreementId}` : "CDO"],
    sorts: {
      id: byNumber((l: NetworkLink) => l.id),
      from: byText((l: NetworkLink) => nameOf(l.from)),
      to: byText((l: NetworkLink) => nameOf(l.to)),
      flow: byText((l: NetworkLink) => FLOW_KIND_LABEL[l.kind]),
    },
    initialSort: { key: "id", direction: "asc" },
  });
  const remove = (l: NetworkLink) =>
    void tx.run(
      `Remove link #${l.id} from “${label.get(l.from)}” to “${label.get(l.to)}”`,
      (signer) => membershipAt(membership!, signer).removeLink(l.id),
      () => {
        setConfirming(undefined);
        onRemoved();
      },
    );

  return (
    <div className="card">
      <h2>Links</h2>
      <ListTable
        view={view}
        label="Links"
        noun="links"
        one="link"
        placeholder="Search by node, flow or agreement…"
        testId="link-table"
        columns={[
          { label: "#", sort: "id", className: "num" },
          { label: "From", sort: "from" },
          { label: "To", sort: "to" },
          { label: "Flow", sort: "flow" },
          { label: "Cluster activity" },
          { label: "Drawn by" },
          { label: "Actions", shown: membership !== undefined },
        ]}
      >
        {view.rows.map((l) => (
          <tr key={l.id} data-link-id={l.source === "agreement" ? undefined : l.id} data-agreement-id={l.agreementId}>
            {/* An agreement's link has no Membership link id (the API numbers it below zero). */}
            <td className="num muted">{l.source === "agreement" ? "—" : l.id}</td>
            <td>
              <span className="muted">#{l.from}</span> {label.get(l.from)}
            </td>
            <td>
              <span className="muted">#{l.to}</span> {label.get(l.to)}
            </td>
            <td>
              <span className="flow-swatch" style={{ background: FLOW_COLOUR[l.kind] }} /> {FLOW_KIND_LABEL[l.kind]}
            </td>
            <td>{l.clusterActivity ? "Yes" : <span className="muted">No (drawn dashed)</span>}</td>
            <td>
              {l.agreementId !== undefined ? (
                <AgreementRef clusterId={clusterId} id={l.agreementId} name={names.get(l.agreementId)} linked={isMember} />
              ) : (
                "The CDO"
              )}
            </td>
            {membership && (
              <td className="row-actions">
                {l.source === "agreement" ? (
                  <span className="muted small">Ends with the agreement</span>
                ) : confirming === l.id ? (
                  <span className="confirm-remove" role="group" aria-label={`Remove link #${l.id}?`}>
                    <button type="button" className="button warn small" disabled={tx.busy} onClick={() => remove(l)}>
                      Confirm removal
                    </button>
                    <button type="button" className="button ghost small" disabled={tx.busy} onClick={() => setConfirming(undefined)}>
                      Keep it
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button small"
                    disabled={tx.busy}
                    aria-label={`Remove link #${l.id}`}
                    onClick={() => {
                      tx.reset();
                      setConfirming(l.id);
                    }}
                  >
                    Remove
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </ListTable>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}

/** “Agreement #3 “Supply of castings””, a link into the Agreements tab for a member (the tab is members-only). */
function AgreementRef({ clusterId, id, name, linked }: { clusterId: number; id: number; name: AgreementName | undefined; linked: boolean }) {
  const text = `Agreement #${id}`;
  const detail = name && (name.title ? ` “${name.title}”` : ` (${AGREEMENT_KIND_LABEL[name.kind]})`);
  return (
    <span data-testid="link-agreement">
      {linked ? <Link to={`/clusters/${clusterId}/agreements?agreement=${id}`}>{text}</Link> : text}
      {detail}
    </span>
  );
}
