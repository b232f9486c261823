import type { AgreementSummary } from "../api/types.js";
import { Amount } from "../ui/amount.js";
import { formatTime } from "../ui/format.js";
import { AGREEMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { AgreementStatusBadge } from "./AgreementDetailCard.js";

/** The cluster's agreements, newest first: searchable by kind, party or status, sortable, paged. */
export function AgreementTable({
  agreements,
  name,
  onSelect,
}: {
  agreements: readonly AgreementSummary[];
  name: (address: string) => string;
  onSelect: (id: number) => void;
}) {
  const view = useListView(agreements, {
    searchText: (a) => [`#${a.id}`, AGREEMENT_KIND_LABEL[a.kind], a.status, ...a.parties, ...a.parties.map(name)],
    sorts: {
      id: byNumber((a: AgreementSummary) => a.id),
      kind: byText((a: AgreementSummary) => AGREEMENT_KIND_LABEL[a.kind]),
      status: byText((a: AgreementSummary) => a.status),
      value: byNumber((a: AgreementSummary) => BigInt(a.totalValue ?? 0)),
    },
    initialSort: { key: "id", direction: "desc" },
  });
  return (
    <>
      <ListTable
        view={view}
        label="Agreements"
        noun="agreements"
        one="agreement"
        placeholder="Search by party, kind or status…"
        testId="agreement-table"
        columns={[
          { label: "#", sort: "id", className: "num" },
          { label: "Kind", sort: "kind" },
          { label: "Parties" },
          { label: "Status", sort: "status" },
          { label: "Total value", sort: "value", className: "num" },
          { label: "Created" },
        ]}
      >
        {view.rows.map((a) => (
          <tr key={a.id} data-agreement-id={a.id}>
            <td className="num">
              <button type="button" className="link-button strong" onClick={() => onSelect(a.id)}>
                #{a.id}
              </button>
            </td>
            <td>{AGREEMENT_KIND_LABEL[a.kind]}</td>
            <td>{a.parties.map(name).join(", ")}</td>
            <td>
              <AgreementStatusBadge status={a.status} />
            </td>
            <td className="num">
              <Amount value={a.totalValue} />
            </td>
            <td className="muted">{formatTime(a.createdAt)}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
