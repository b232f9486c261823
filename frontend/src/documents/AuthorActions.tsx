import { useState } from "react";
import type { ClusterDetail, DirectoryEntry, DocumentDetail } from "../api/types.js";
import { documentRegistryAt } from "../chain/contracts.js";
import type { Transaction } from "../chain/useTransaction.js";
import { ErrorSummary, Field, invalidProps } from "../forms/Field.js";
import { Notice } from "../ui/Notice.js";
import { anchoredDocumentId, sendAnchor } from "./anchorDocument.js";
import { uploadContent } from "./uploadContent.js";
import { checkUpload } from "./uploadForm.js";
import { useUploadLimit } from "./uploadLimit.js";

const IDS = { file: "version-file", title: "version-title", recipients: "version-recipients" };

/**
 * What the author of an active document can do with it: revoke it, or publish a new version
 * (uploaded, then anchored naming this one as its previous version, which supersedes it).
 * The new version keeps the kind, named signers and recipients of this one.
 */
export function AuthorActions({
  cluster,
  doc,
  account,
  token,
  directory,
  tx,
  onChanged,
  onNewVersion,
}: {
  cluster: ClusterDetail;
  doc: DocumentDetail;
  account: string;
  token: string;
  directory: DirectoryEntry[];
  /** The document card's transaction, so its outcome stays on screen after the document changes status. */
  tx: Transaction;
  onChanged: () => void;
  onNewVersion: (documentId: number) => void;
}) {
  const mustEncrypt = cluster.params?.documentsMustBeEncrypted ?? false;
  const registry = cluster.components.Documents;
  const [file, setFile] = useState<File>();
  const [title, setTitle] = useState(doc.title);
  const [encrypt, setEncrypt] = useState(true);
  const [step, setStep] = useState<string>();
  const [error, setError] = useState<string>();
  const [attempted, setAttempted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const maxUploadBytes = useUploadLimit(cluster.id, true, cluster.configVersion);
  const encrypted = mustEncrypt || encrypt;
  const recipients = [account, ...doc.recipients.filter((r) => r !== account)];
  const signers = doc.signers.filter((s) => s.named).map((s) => s.address);
  const checked = checkUpload(
    { file, title, previous: "", encrypt: encrypted, recipients, signers },
    { directory, maxUploadBytes, ownActive: [doc.id], ids: IDS },
  );
  const errors = attempted && !checked.ok ? checked.errors : {};
  if (!registry) return null;

  const revoke = () => void tx.run(`Revoke document #${doc.id}`, (signer) => documentRegistryAt(registry, signer).revoke(doc.id), onChanged);

  const publish = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAttempted(true);
    if (!checked.ok) return tx.reset();
    try {
      const stored = await uploadContent({
        clusterId: cluster.id,
        token,
        file: checked.value.file,
        encrypt: encrypted,
        recipients,
        directory,
        progress: setStep,
      });
      setStep(undefined);
      const anchor = {
        cid: stored.cid,
        contentHash: stored.contentHash,
        kind: doc.kind,
        title: checked.value.title,
        previousVersion: doc.id,
        signers,
        recipients,
      };
      await tx.run(
        `Publish a new version of #${doc.id}`,
        (signer) => sendAnchor(registry, signer, anchor),
        (receipt) => {
          const id = anchoredDocumentId(receipt);
          onChanged();
          if (id !== undefined) onNewVersion(id);
        },
      );
    } catch (cause) {
      setStep(undefined);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <section className="author-actions" data-testid="document-author-actions">
      <h3>Your document</h3>
      <form aria-label="Publish a new version" onSubmit={(e) => void publish(e)} noValidate>
        <div className="form-grid">
          <Field id={IDS.file} label="New version file" hint="Signers and recipients carry over from this version" error={errors[IDS.file]}>
            <input id={IDS.file} type="file" onChange={(e) => setFile(e.target.files?.[0])} {...invalidProps(IDS.file, errors[IDS.file])} />
          </Field>
          <Field id={IDS.title} label="New version title" error={errors[IDS.title]}>
            <input id={IDS.title} value={title} onChange={(e) => setTitle(e.target.value)} {...invalidProps(IDS.title, errors[IDS.title])} />
          </Field>
        </div>
        <label className="check">
          <input id={IDS.recipients} type="checkbox" checked={encrypted} disabled={mustEncrypt} onChange={(e) => setEncrypt(e.target.checked)} /> Encrypt the
          new version
        </label>
        {errors[IDS.recipients] && (
          <p className="field-error" id={`${IDS.recipients}-error`}>
            {errors[IDS.recipients]}
          </p>
        )}
        {step && <p className="muted">{step}</p>}
        {error && (
          <Notice tone="error" title="No new version">
            {error}
          </Notice>
        )}
        <ErrorSummary errors={errors} />
        <div className="actions">
          <button type="submit" className="button" disabled={tx.busy || step !== undefined}>
            Publish new version
          </button>
        </div>
      </form>
      <div className="actions">
        {/* Revoking cannot be undone: a second click confirms it. */}
        {confirming ? (
          <>
            <button type="button" className="button warn" disabled={tx.busy} onClick={revoke}>
              Confirm revocation
            </button>
            <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button" disabled={tx.busy} onClick={() => setConfirming(true)}>
            Revoke document
          </button>
        )}
      </div>
    </section>
  );
}
