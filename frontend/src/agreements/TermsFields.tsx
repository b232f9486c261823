import type { ClusterDetail, DirectoryEntry, DocumentSummary } from "../api/types.js";
import { uploadContent } from "../documents/uploadContent.js";
import { Field, invalidProps } from "../forms/Field.js";

/** Where a version's terms come from: an anchored document, or a file uploaded now. */
export interface TermsChoice {
  documentId: string;
  file: File | undefined;
}

export const noTerms = (): TermsChoice => ({ documentId: "", file: undefined });

/** Pick an anchored (active) document as the terms, or upload a file. */
export function TermsFields({
  idPrefix,
  value,
  onChange,
  documents,
  errors = {},
}: {
  idPrefix: string;
  value: TermsChoice;
  onChange: (v: TermsChoice) => void;
  documents: DocumentSummary[];
  /** Problems found on sending, keyed by field id (`${idPrefix}-terms-doc`, `${idPrefix}-terms-file`). */
  errors?: Record<string, string>;
}) {
  const anchored = documents.filter((d) => d.status === "active");
  const docId = `${idPrefix}-terms-doc`;
  const fileId = `${idPrefix}-terms-file`;
  return (
    <>
      <Field id={docId} label="Terms document" hint="An anchored document, or upload a file below" error={errors[docId]}>
        <select
          id={docId}
          value={value.documentId}
          onChange={(e) => onChange({ ...value, documentId: e.target.value })}
          {...invalidProps(docId, errors[docId])}
        >
          <option value="">—</option>
          {anchored.map((d) => (
            <option key={d.id} value={d.id}>
              #{d.id} {d.title}
            </option>
          ))}
        </select>
      </Field>
      <Field id={fileId} label="Or upload the terms" error={errors[fileId]}>
        <input id={fileId} type="file" onChange={(e) => onChange({ ...value, file: e.target.files?.[0] })} {...invalidProps(fileId, errors[fileId])} />
      </Field>
    </>
  );
}

/**
 * The terms' CID and plaintext hash: the uploaded file (encrypted for the parties when the
 * cluster requires it) or the chosen document's. Throws what the person must fix.
 */
export async function resolveTerms(opts: {
  choice: TermsChoice;
  cluster: ClusterDetail;
  token: string;
  parties: string[];
  directory: DirectoryEntry[];
  documents: DocumentSummary[];
  progress: (step: string | undefined) => void;
}): Promise<{ cid: string; hash: string }> {
  const { choice, cluster } = opts;
  if (choice.file) {
    const stored = await uploadContent({
      clusterId: cluster.id,
      token: opts.token,
      file: choice.file,
      encrypt: cluster.params?.documentsMustBeEncrypted ?? false,
      recipients: opts.parties,
      directory: opts.directory,
      progress: opts.progress,
    });
    opts.progress(undefined);
    return { cid: stored.cid, hash: stored.contentHash };
  }
  const doc = opts.documents.find((d) => d.status === "active" && String(d.id) === choice.documentId);
  if (!doc) throw new Error("Pick the terms document (an anchored document) or upload one.");
  return { cid: doc.cid, hash: doc.contentHash };
}
