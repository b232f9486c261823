import type { DocumentSummary } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { accountText } from "../ui/names.js";
import { formatTime } from "../ui/format.js";
import { DOCUMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { byNumber, byText, ListTable, useListView } from "../ui/listView.js";
import { DocumentStatusBadge } from "./DocumentStatusBadge.js";

/** The cluster's documents, newest first: searchable by title, kind, status, CID or author's and signers' names, sortable, paged. */
export function DocumentTable({ documents, selected, onSelect }: { documents: readonly DocumentSummary[]; selected: number; onSelect: (id: number) => void }) {
  const view = useListView(documents, {
    searchText: (d) => [
      d.title,
      DOCUMENT_KIND_LABEL[d.kind],
      d.status,
      `#${d.id}`,
      d.cid,
      ...[d.author, ...d.signers.map((s) => s.address)].flatMap(accountText),
    ],
    sorts: {
      id: byNumber((d: DocumentSummary) => d.id),
      title: byText((d: DocumentSummary) => d.title),
      kind: byText((d: DocumentSummary) => DOCUMENT_KIND_LABEL[d.kind]),
      status: byText((d: DocumentSummary) => d.status),
    },
    initialSort: { key: "id", direction: "desc" },
  });
  return (
    <>
      <ListTable
        view={view}
        label="Documents"
        noun="documents"
        one="document"
        placeholder="Search by title, kind, status, author or signer…"
        testId="document-table"
        columns={[
          { label: "#", sort: "id", className: "num" },
          { label: "Title", sort: "title" },
          { label: "Kind", sort: "kind" },
          { label: "Author" },
          { label: "Status", sort: "status" },
          { label: "Signers" },
          { label: "Anchored" },
        ]}
      >
        {view.rows.map((d) => (
          <tr key={d.id} data-document-id={d.id} data-document-status={d.status} className={d.id === selected ? "selected" : undefined}>
            <td className="num muted">{d.id}</td>
            <td>
              <button type="button" className="link-button strong" onClick={() => onSelect(d.id)}>
                {d.title}
              </button>
            </td>
            <td>{DOCUMENT_KIND_LABEL[d.kind]}</td>
            <td>
              <Address value={d.author} />
            </td>
            <td>
              <DocumentStatusBadge doc={d} />
              {d.previousVersion !== null && <span className="muted small"> · replaces #{d.previousVersion}</span>}
            </td>
            <td>
              {d.signers.length === 0
                ? "—"
                : d.signers.map((s) => (
                    <span key={s.address} className="chip">
                      <Address value={s.address} bare /> {s.status === "signed" ? "✓" : "…"}
                    </span>
                  ))}
            </td>
            <td className="muted">{formatTime(d.anchoredAt)}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
