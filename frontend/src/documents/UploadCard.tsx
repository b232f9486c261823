import { useMemo, useState } from "react";
import { DOCUMENT_KINDS, type ClusterDetail, type DirectoryEntry, type DocumentKindName, type DocumentSummary } from "../api/types.js";
import { useTransaction, type Transaction } from "../chain/useTransaction.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { DOCUMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { anchoredDocumentId, sendAnchor } from "./anchorDocument.js";
import { uploadContent, type StoredContent } from "./uploadContent.js";
import { checkUpload } from "./uploadForm.js";
import { formatBytes, useUploadLimit } from "./uploadLimit.js";
import { TableScroll } from "../ui/TableScroll.js";

interface UploadProps {
  cluster: ClusterDetail;
  account: string;
  token: string;
  directory: DirectoryEntry[];
  /** The cluster's documents, when loaded: "Supersedes" names one of the author's active ones. */
  documents: DocumentSummary[] | undefined;
  onAnchored: (documentId: number) => void;
}

/**
 * "Upload a document" opens the form; once the document is anchored it closes (the next upload
 * starts empty), and the stored CID and the transaction's outcome stay beside the button.
 */
export function UploadCard(props: UploadProps) {
  const [open, setOpen] = useState(false);
  const [uploaded, setUploaded] = useState<StoredContent>();
  const tx = useTransaction();
  return (
    <div data-testid="upload-card">
      {open ? (
        <UploadForm {...props} tx={tx} onStored={setUploaded} onClose={() => setOpen(false)} />
      ) : (
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={tx.busy}
            onClick={() => {
              setUploaded(undefined);
              tx.reset();
              setOpen(true);
            }}
          >
            Upload a document
          </button>
        </div>
      )}
      {uploaded && (
        <p className="muted small" data-testid="uploaded-cid">
          Stored as <code className="cid">{uploaded.cid}</code> ({uploaded.size} bytes{uploaded.encrypted ? ", encrypted" : ""}).
        </p>
      )}
      {!open && <TxStatus state={tx.state} onDismiss={tx.reset} />}
    </div>
  );
}

const IDS = { file: "doc-file", title: "doc-title", previous: "doc-previous", recipients: "doc-recipients" };

/** Upload (encrypted in the browser when required or asked), then anchor on chain with the wallet. */
function UploadForm({
  cluster,
  account,
  token,
  directory,
  documents,
  onAnchored,
  tx,
  onStored,
  onClose,
}: UploadProps & { tx: Transaction; onStored: (stored: StoredContent | undefined) => void; onClose: () => void }) {
  const mustEncrypt = cluster.params?.documentsMustBeEncrypted ?? false;
  const [file, setFile] = useState<File>();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<DocumentKindName>("contract");
  const [previous, setPrevious] = useState("");
  const [encrypt, setEncrypt] = useState(true);
  const [readers, setReaders] = useState<Set<string>>(new Set());
  const [signers, setSigners] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [step, setStep] = useState<string>();
  const [error, setError] = useState<string>();
  const maxUploadBytes = useUploadLimit(cluster.id, true, cluster.configVersion);
  const encrypted = mustEncrypt || encrypt;
  const registry = cluster.components.Documents;
  const recipients = [account, ...[...readers].filter((a) => a !== account)];
  const ownActive = useMemo(() => (documents ?? []).filter((d) => d.author === account && d.status === "active").map((d) => d.id), [documents, account]);
  const checked = checkUpload(
    { file, title, previous, encrypt: encrypted, recipients, signers: [...signers] },
    { directory, maxUploadBytes, ownActive: documents ? ownActive : [], ids: IDS },
  );
  const errors = attempted && !checked.ok ? checked.errors : {};

  const toggle = (set: Set<string>, update: (s: Set<string>) => void, address: string) => {
    const next = new Set(set);
    if (next.has(address)) next.delete(address);
    else next.add(address);
    update(next);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAttempted(true);
    onStored(undefined);
    if (!checked.ok) return tx.reset();
    if (!registry) return setError("This cluster has no document registry.");
    const { file: chosen, title: named, previousVersion } = checked.value;
    try {
      const stored = await uploadContent({ clusterId: cluster.id, token, file: chosen, encrypt: encrypted, recipients, directory, progress: setStep });
      onStored(stored);
      setStep(undefined);
      const anchor = { cid: stored.cid, contentHash: stored.contentHash, kind, title: named, previousVersion, signers: [...signers], recipients };
      const receipt = await tx.run(
        "Anchor document",
        (signer) => sendAnchor(registry, signer, anchor),
        (receipt) => {
          const id = anchoredDocumentId(receipt);
          if (id !== undefined) onAnchored(id);
        },
      );
      if (receipt) onClose();
    } catch (cause) {
      setStep(undefined);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <form className="card" aria-label="Upload and anchor a document" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Upload and anchor a document</h2>
      <div className="form-grid">
        <Field id={IDS.file} label="File" error={errors[IDS.file]} hint={maxUploadBytes ? `Up to ${formatBytes(maxUploadBytes)}` : undefined}>
          <input
            id={IDS.file}
            type="file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              setFile(f);
              if (f && !title) setTitle(f.name);
            }}
            {...invalidProps(IDS.file, errors[IDS.file])}
          />
        </Field>
        <Field id={IDS.title} label="Title" error={errors[IDS.title]}>
          <input id={IDS.title} value={title} onChange={(e) => setTitle(e.target.value)} {...invalidProps(IDS.title, errors[IDS.title])} />
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
        <Field id={IDS.previous} label="Supersedes document #" hint="Optional: a new version of one of your documents" error={errors[IDS.previous]}>
          <input
            id={IDS.previous}
            inputMode="numeric"
            value={previous}
            onChange={(e) => setPrevious(e.target.value)}
            {...invalidProps(IDS.previous, errors[IDS.previous])}
          />
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={encrypted} disabled={mustEncrypt} onChange={(e) => setEncrypt(e.target.checked)} /> Encrypt
        {mustEncrypt && <span className="muted small"> (this cluster requires encrypted documents)</span>}
      </label>
      <div id={IDS.recipients} tabIndex={-1} className={errors[IDS.recipients] ? "invalid" : undefined}>
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
                      {...(errors[IDS.recipients] && readers.has(m.address) && encrypted && !m.encryptionKey
                        ? invalidProps(IDS.recipients, errors[IDS.recipients])
                        : {})}
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
        {errors[IDS.recipients] && (
          <p className="field-error" id={`${IDS.recipients}-error`}>
            {errors[IDS.recipients]}
          </p>
        )}
      </div>
      {error && (
        <Notice tone="error" title="Not uploaded">
          {error}
        </Notice>
      )}
      {step && <p className="muted">{step}</p>}
      <SubmitBar errors={errors} tx={{ ...tx, busy: tx.busy || step !== undefined }} label="Upload and anchor" busyLabel="Uploading…">
        <button type="button" className="button ghost" onClick={onClose}>
          Cancel
        </button>
      </SubmitBar>
    </form>
  );
}
