import { useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { useDirectory } from "../members/useDirectory.js";
import { useClusterOutlet } from "../workspace/clusterContext.js";
import { useClusterMember } from "../workspace/useClusterMember.js";
import { Address } from "../ui/Address.js";
import { DOCUMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { formatTime } from "../ui/format.js";
import { DocumentDetailCard } from "./DocumentDetailCard.js";
import { DocumentStatusBadge } from "./DocumentStatusBadge.js";
import { EncryptionKeyCard } from "./EncryptionKeyCard.js";
import { UploadCard } from "./UploadCard.js";
import { VerifyCard } from "./VerifyCard.js";
import { TableScroll } from "../ui/TableScroll.js";

export function DocumentsTab() {
  const { cluster } = useClusterOutlet();
  const { account, token, isMember } = useClusterMember(cluster);
  const [search, setSearch] = useSearchParams();
  const selected = Number(search.get("doc") ?? NaN);
  const documents = useApi(() => api.documents(cluster.id), `documents-${cluster.id}`);
  const directory = useDirectory(cluster.id, token, isMember);
  const select = (id: number) => setSearch({ doc: String(id) });
  const me = account ? directory.data?.find((d) => d.address === account) : undefined;

  return (
    <>
      {!token ? (
        <Notice tone="info">Sign in with your wallet as a member to publish your key, upload, sign and read encrypted documents.</Notice>
      ) : !isMember ? (
        <Notice tone="info">You are not a member of this cluster: you can verify documents, but not list or upload them.</Notice>
      ) : directory.error ? (
        <LoadError error={directory.error} retry={directory.reload} membersOnly="its directory" />
      ) : (
        account &&
        directory.data && (
          <div className="columns">
            <UploadCard
              cluster={cluster}
              account={account}
              token={token}
              directory={directory.data}
              onAnchored={(id) => {
                documents.reload();
                select(id);
              }}
            />
            <EncryptionKeyCard cluster={cluster} account={account} published={me?.encryptionKey ?? null} onPublished={directory.reload} />
          </div>
        )
      )}
      <div className="card">
        <h2>
          Documents <span className="count">{documents.data?.length ?? ""}</span>
        </h2>
        {documents.error && !documents.data ? (
          <LoadError error={documents.error} retry={documents.reload} membersOnly="its documents" />
        ) : !documents.data ? (
          <Loading what="documents" />
        ) : documents.data.length === 0 ? (
          <p className="empty">No document anchored yet.</p>
        ) : (
          <TableScroll label="Documents">
            <table className="table" data-testid="document-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Title</th>
                  <th>Kind</th>
                  <th>Author</th>
                  <th>Status</th>
                  <th>Signers</th>
                  <th>Anchored</th>
                </tr>
              </thead>
              <tbody>
                {[...documents.data].reverse().map((d) => (
                  <tr key={d.id} data-document-id={d.id} data-document-status={d.status} className={d.id === selected ? "selected" : undefined}>
                    <td className="num muted">{d.id}</td>
                    <td>
                      <button type="button" className="link-button strong" onClick={() => select(d.id)}>
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
                            <span key={s.address} className="chip" title={s.address}>
                              <Address value={s.address} /> {s.status === "signed" ? "✓" : "…"}
                            </span>
                          ))}
                    </td>
                    <td className="muted">{formatTime(d.anchoredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </div>
      {Number.isSafeInteger(selected) && selected > 0 && (
        <DocumentDetailCard
          key={selected}
          cluster={cluster}
          documentId={selected}
          account={account}
          token={token}
          directory={isMember ? directory.data : undefined}
          onChanged={documents.reload}
          onSelect={select}
        />
      )}
      <VerifyCard cluster={cluster} documents={documents.data} account={account} token={token} />
    </>
  );
}
