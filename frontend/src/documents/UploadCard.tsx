import { useState } from "react";
import { DOCUMENT_KINDS, type ClusterDetail, type DirectoryEntry, type DocumentKindName } from "../api/types.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field } from "../forms/Field.js";
import { DOCUMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { anchoredDocumentId, sendAnchor } from "./anchorDocument.js";
import { uploadContent } from "./uploadContent.js";
import { TableScroll } from "../ui/TableScroll.js";

/** Upload (encrypted in the browser when required or asked), then anchor on chain with the wallet. */
export function UploadCard({
  cluster,
  account,
  token,
  directory,
  onAnchored,
}: {
  cluster: ClusterDetail;
  account: string;
  token: string;
  directory: DirectoryEntry[];
  onAnchored: (documentId: number) => void;
}) {
  const mustEncrypt = cluster.params?.documentsMustBeEncrypted ?? false;
  const [file, setFile] = useState<File>();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<DocumentKindName>("contract");
  const [previous, setPrevious] = useState("");
  const [encrypt, setEncrypt] = useState(true);
  const [readers, setReaders] = useState<Set<string>>(new Set());
  const [signers, setSigners] = useState<Set<string>>(new Set());
  const [step, setStep] = useState<string>();
  const [error, setError] = useState<string>();
  const [uploaded, setUploaded] = useState<{ cid: string; size: number }>();
  const tx = useTransaction();
  const encrypted = mustEncrypt || encrypt;
  const registry = cluster.components.Documents;

  const toggle = (set: Set<string>, update: (s: Set<string>) => void, address: string) => {
    const next = new Set(set);
    if (next.has(address)) next.delete(address);
    else next.add(address);
    update(next);
  };

  const submit = async () => {
    setError(undefined);
    setUploaded(undefined);
    if (!file) return setError("Choose a file first.");
    if (!title.trim()) return setError("Give the document a title.");
    if (!registry) return setError("This cluster has no document registry.");
    const previousVersion = previous.trim() === "" ? 0 : Number(previous);
    if (!Number.isSafeInteger(previousVersion) || previousVersion < 0) return setError("The previous version is a document number.");
    const recipients = [account, ...[...readers].filter((a) => a !== account)];
    try {
      const stored = await uploadContent({ clusterId: cluster.id, token, file, encrypt: encrypted, recipients, directory, progress: setStep });
      setUploaded(stored);
      setStep(undefined);
      const anchor = { cid: stored.cid, contentHash: stored.contentHash, kind, title: title.trim(), previousVersion, signers: [...signers], recipients };
      await tx.run(
        "Anchor document",
        (signer) => sendAnchor(registry, signer, anchor),
        (receipt) => {
          const id = anchoredDocumentId(receipt);
          if (id !== undefined) onAnchored(id);
        },
      );
    } catch (cause) {
      setStep(undefined);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <div className="card" data-testid="upload-card">
      <h2>Upload and anchor a document</h2>
      <div className="form-grid">
        <Field id="doc-file" label="File">
          <input
            id="doc-file"
            type="file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              setFile(f);
              if (f && !title) setTitle(f.name);
            }}
          />
        </Field>
        <Field id="doc-title" label="Title">
          <input id="doc-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field id="doc-kind" label="Kind">
          <select id="doc-kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKindName)}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {DOCUMENT_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="doc-previous" label="Supersedes document #" hint="Optional: a new version of one of your documents">
          <input id="doc-previous" inputMode="numeric" value={previous} onChange={(e) => setPrevious(e.target.value)} />
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={encrypted} disabled={mustEncrypt} onChange={(e) => setEncrypt(e.target.checked)} /> Encrypt
        {mustEncrypt && <span className="muted small"> (this cluster requires encrypted documents)</span>}
      </label>
      <TableScroll label="Recipients">
        <table className="table" data-testid="recipient-table">
          <thead>
            <tr>
              <th>Member</th>
              <th>Encryption key</th>
              <th>Recipient</th>
              <th>Signer</th>
            </tr>
          </thead>
          <tbody>
            {directory.map((m) => (
              <tr key={m.address}>
                <td>
                  {m.name} {m.address === account && <span className="muted">(you)</span>}
                </td>
                <td>{m.encryptionKey ? "Published" : <span className="muted">Not set</span>}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Recipient ${m.name}`}
                    checked={m.address === account || readers.has(m.address)}
                    disabled={m.address === account}
                    onChange={() => toggle(readers, setReaders, m.address)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Signer ${m.name}`}
                    checked={signers.has(m.address)}
                    onChange={() => toggle(signers, setSigners, m.address)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {error && (
        <Notice tone="error" title="Not uploaded">
          {error}
        </Notice>
      )}
      {step && <p className="muted">{step}</p>}
      {uploaded && (
        <p className="muted small" data-testid="uploaded-cid">
          Stored as <code className="cid">{uploaded.cid}</code> ({uploaded.size} bytes{encrypted ? ", encrypted" : ""}).
        </p>
      )}
      <div className="actions">
        <button type="button" className="button" disabled={tx.busy || step !== undefined} onClick={() => void submit()}>
          Upload and anchor
        </button>
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
