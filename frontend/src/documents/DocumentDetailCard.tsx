import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import type { ClusterDetail, DirectoryEntry } from "../api/types.js";
import { documentRegistryAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { DOCUMENT_SIGNATURE_TYPES, signingDomain } from "../../../core/chain/typedData.js";
import { Address } from "../ui/Address.js";
import { DOCUMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { Badge } from "../ui/StatusBadge.js";
import { TxStatus } from "../ui/TxStatus.js";
import { formatTime } from "../ui/format.js";
import { AuthorActions } from "./AuthorActions.js";
import { DocumentStatusBadge } from "./DocumentStatusBadge.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { openContent } from "./openContent.js";
import { TableScroll } from "../ui/TableScroll.js";

const TEXT_PREVIEW_LIMIT = 4096;

/** One document: its anchor, signers, version chain; sign it, download and decrypt it; its author revokes it or publishes a new version. */
export function DocumentDetailCard({
  cluster,
  documentId,
  account,
  token,
  directory,
  onChanged,
  onSelect,
}: {
  cluster: ClusterDetail;
  documentId: number;
  account: string | undefined;
  token: string | undefined;
  /** The member directory (encryption keys), when the viewer is a signed-in member. */
  directory: DirectoryEntry[] | undefined;
  onChanged: () => void;
  onSelect: (id: number) => void;
}) {
  const doc = useApi(() => api.document(cluster.id, documentId), `document-${cluster.id}-${documentId}`);
  const tx = useTransaction();
  const [download, setDownload] = useState<{ url: string; name: string; preview?: string; note: string }>();
  const [downloadError, setDownloadError] = useState<string>();
  if (doc.error && !doc.data)
    return <LoadError error={doc.error} retry={doc.reload} membersOnly="this document (shared with its author, signers and recipients)" />;
  if (!doc.data) return <Loading what="the document" />;
  const d = doc.data;
  const registry = cluster.components.Documents;
  const mine = account ? d.signers.find((s) => s.address === account) : undefined;
  const canSign = registry && account && d.status === "active" && (mine ? mine.status === "pending" : d.author === account);
  // What the content route will serve (backend/services/document-management/download.ts): an
  // envelope to its recipients and its uploader (the author), plaintext to the cluster's members.
  // Where the cluster requires encryption every document is an envelope, so a button the API
  // would refuse is not offered; elsewhere a member may hold plaintext and is offered it.
  const reader = account !== undefined && (d.recipients.includes(account) || d.author === account);
  const mayOpen = token !== undefined && (reader || (directory !== undefined && !cluster.params?.documentsMustBeEncrypted));
  const whyClosed = !token
    ? "Sign in as one of its readers to download it."
    : directory !== undefined
      ? "Encrypted for its recipients only: you are not one of them."
      : "Only its readers can download it.";
  const refresh = () => {
    doc.reload();
    onChanged();
  };

  // A signature names the content (CID and commitment) as this page shows it, so it cannot be applied to other content.
  const content = { documentId: d.id, cidDigest: cidDigest(d.cid), contentHash: d.contentHash };
  const signDirect = () =>
    tx.run(`Sign document #${d.id}`, (signer) => documentRegistryAt(registry!, signer).sign(d.id, content.cidDigest, content.contentHash), refresh);
  const signTyped = () =>
    tx.run(
      `Sign document #${d.id} (EIP-712)`,
      async (signer) => {
        const contract = documentRegistryAt(registry!, signer);
        const signature = await signer.signTypedData(await signingDomain(contract), DOCUMENT_SIGNATURE_TYPES, content);
        return contract.signBySig(d.id, content.cidDigest, content.contentHash, account!, signature);
      },
      refresh,
    );

  const fetchContent = async () => {
    setDownloadError(undefined);
    setDownload(undefined);
    try {
      const opened = await openContent(cluster, d.cid, account, token);
      const bytes = opened.plaintext;
      const matches = opened.commitment === d.contentHash;
      const note =
        (opened.encrypted ? "Decrypted in your browser." : "Plaintext document.") +
        (matches ? " Its content matches the anchored commitment." : " Warning: its content does not match the anchored commitment.");
      const preview = bytes.length <= TEXT_PREVIEW_LIMIT ? new TextDecoder("utf-8", { fatal: false }).decode(bytes) : undefined;
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      setDownload({ url, name: d.title, preview, note });
    } catch (cause) {
      setDownloadError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <div className="card" data-testid="document-detail" data-document-id={d.id}>
      <div className="card-head">
        <h2>
          #{d.id} {d.title} <DocumentStatusBadge doc={d} /> {d.fullySigned && <Badge tone="accent">Fully signed</Badge>}
        </h2>
      </div>
      {d.status === "revoked" && (
        <Notice tone="warn" title="Revoked">
          {d.revokedBy ? (
            <>
              Revoked by its author <Address value={d.revokedBy} />.{" "}
            </>
          ) : null}
          Signatures already given stay on record; it can no longer be signed.
        </Notice>
      )}
      {d.status === "superseded" && d.supersededBy !== null && (
        <Notice tone="info" title="Superseded">
          A newer version replaces this one:{" "}
          <button type="button" className="link-button" onClick={() => onSelect(d.supersededBy!)}>
            document #{d.supersededBy}
          </button>
          .
        </Notice>
      )}
      <dl className="facts">
        <div className="fact">
          <dt>Kind</dt>
          <dd>{DOCUMENT_KIND_LABEL[d.kind]}</dd>
        </div>
        <div className="fact">
          <dt>Author</dt>
          <dd>
            <Address value={d.author} />
          </dd>
        </div>
        <div className="fact">
          <dt>Anchored</dt>
          <dd>
            {formatTime(d.anchoredAt)} (block {d.anchoredBlock})
          </dd>
        </div>
        <div className="fact">
          <dt>CID</dt>
          <dd>
            <code className="cid">{d.cid}</code>
          </dd>
        </div>
        <div className="fact">
          <dt>Content commitment</dt>
          <dd>
            <code className="hash">{d.contentHash}</code>
          </dd>
        </div>
        <div className="fact">
          <dt>Recipients</dt>
          <dd className="address-list">{d.recipients.length === 0 ? "—" : d.recipients.map((r) => <Address key={r} value={r} />)}</dd>
        </div>
      </dl>
      <h3>Signers</h3>
      {d.signers.length === 0 ? (
        <p className="empty">No signers named, and nobody has signed.</p>
      ) : (
        <TableScroll label="Signers">
          <table className="table" data-testid="document-signers">
            <tbody>
              {d.signers.map((s) => (
                <tr key={s.address} data-signer={s.address} data-signer-status={s.status}>
                  <td>
                    <Address value={s.address} />
                  </td>
                  <td>{s.named ? "Named signer" : "Author"}</td>
                  <td>{s.status === "signed" ? <Badge tone="good">Signed</Badge> : <Badge tone="warn">Pending</Badge>}</td>
                  <td className="muted">{s.signedAt ? formatTime(s.signedAt) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h3>Versions</h3>
      <ol className="versions" data-testid="document-versions">
        {d.versions.map((v) => (
          <li key={v.id} data-version={v.id} data-version-status={v.status}>
            {v.id === d.id ? (
              <strong>#{v.id}</strong>
            ) : (
              <button type="button" className="link-button" onClick={() => onSelect(v.id)}>
                #{v.id}
              </button>
            )}{" "}
            <DocumentStatusBadge doc={v} /> · {formatTime(v.anchoredAt)}
          </li>
        ))}
      </ol>
      <div className="actions">
        {canSign && (
          <>
            <button type="button" className="button" disabled={tx.busy} onClick={() => void signDirect()}>
              Sign
            </button>
            <button type="button" className="button" disabled={tx.busy} onClick={() => void signTyped()}>
              Sign with EIP-712
            </button>
          </>
        )}
        {mayOpen ? (
          <button type="button" className="button" onClick={() => void fetchContent()}>
            Download
          </button>
        ) : (
          <span className="muted small" data-testid="no-download">
            {whyClosed}
          </span>
        )}
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {account === d.author && d.status === "active" && token && directory && (
        <AuthorActions cluster={cluster} doc={d} account={account} token={token} directory={directory} tx={tx} onChanged={refresh} onNewVersion={onSelect} />
      )}
      {downloadError && (
        <Notice tone="error" title="Cannot open the document">
          {downloadError}
        </Notice>
      )}
      {download && (
        <Notice tone="success" title={download.note}>
          <a href={download.url} download={download.name}>
            Save {download.name}
          </a>
          {download.preview !== undefined && <pre data-testid="document-preview">{download.preview}</pre>}
        </Notice>
      )}
    </div>
  );
}
