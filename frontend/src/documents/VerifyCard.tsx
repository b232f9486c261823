import { useState } from "react";
import { api } from "../api/client.js";
import type { ClusterDetail, DocumentSummary, Verification } from "../api/types.js";
import { Address } from "../ui/Address.js";
import { LoadError } from "../ui/Notice.js";
import { formatTime } from "../ui/format.js";
import { Field, invalidProps } from "../forms/Field.js";
import { readFile } from "./cid.js";
import { fileTooLarge, useUploadLimit } from "./uploadLimit.js";
import { confidentialMatches } from "./openContent.js";

/**
 * Drop (or pick) a file: was it anchored in this cluster, when, by whom, signed by whom. The
 * server matches it against public documents; for a signed-in recipient, the browser also checks
 * it against the confidential documents it can decrypt (their salted commitments).
 */
export function VerifyCard({
  cluster,
  documents,
  account,
  token,
}: {
  cluster: ClusterDetail;
  /** The cluster's documents as the tab lists them: the confidential ones among them are checked here. */
  documents: DocumentSummary[] | undefined;
  account: string | undefined;
  token: string | undefined;
}) {
  const clusterId = cluster.id;
  const [result, setResult] = useState<Verification & { confidential: DocumentSummary[] }>();
  const [error, setError] = useState<Error>();
  const [over, setOver] = useState(false);
  const [tooLarge, setTooLarge] = useState<string>();
  // The store's own limit, not the cluster's current one: a document stored before a lowered limit is still verified.
  const maxBytes = useUploadLimit(clusterId, false);

  const check = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setResult(undefined);
    // The file goes to the API to be hashed: one larger than the store takes is refused unread.
    const problem = fileTooLarge(file, maxBytes);
    setTooLarge(problem && `${problem} It cannot be one of its documents.`);
    if (problem) return;
    try {
      const bytes = await readFile(file);
      const verified = await api.verifyDocument(clusterId, bytes);
      const confidential = account && token && documents ? await confidentialMatches(cluster, documents, bytes, account, token) : [];
      setResult({ ...verified, confidential, anchored: verified.anchored || confidential.length > 0, documents: [...verified.documents, ...confidential] });
    } catch (cause) {
      setError(cause instanceof Error ? cause : new Error(String(cause)));
    }
  };

  return (
    <div
      className={`card drop-zone ${over ? "drop-over" : ""}`}
      data-testid="verify-card"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void check(e.dataTransfer.files[0]);
      }}
    >
      <h2>Verify a document</h2>
      <p className="muted small">
        Drop a file here (or pick one): its SHA-256 is compared with the public documents of this cluster; confidential documents you can decrypt are checked in
        your browser.
      </p>
      <Field id="verify-file" label="File to verify" error={tooLarge}>
        <input id="verify-file" type="file" onChange={(e) => void check(e.target.files?.[0])} {...invalidProps("verify-file", tooLarge)} />
      </Field>
      {error && <LoadError error={error} />}
      {result && (
        <div data-testid="verify-result" data-anchored={String(result.anchored)}>
          <p className="small">
            SHA-256 <code className="hash">{result.sha256}</code>, {result.size} bytes.
          </p>
          {!result.anchored ? (
            <p className="strong">Not anchored in this cluster.</p>
          ) : (
            result.documents.map((d) => (
              <div key={d.id} className="notice notice-success" data-verified-document={d.id}>
                <strong>
                  Anchored as document #{d.id} “{d.title}” on {formatTime(d.anchoredAt)} (block {d.anchoredBlock}) by <Address value={d.author} />
                </strong>
                {result.confidential.includes(d) && (
                  <span className="muted" data-verified-confidential={d.id}>
                    {" "}
                    · a confidential copy, checked in your browser
                  </span>
                )}
                <div>
                  Signed by:{" "}
                  {d.signers.filter((s) => s.status === "signed").length === 0
                    ? "nobody yet"
                    : d.signers
                        .filter((s) => s.status === "signed")
                        .map((s) => (
                          <span key={s.address} data-verified-signer={s.address}>
                            <Address value={s.address} /> ({s.signedAt ? formatTime(s.signedAt) : ""}){" "}
                          </span>
                        ))}
                  {d.signers.some((s) => s.status === "pending") && (
                    <span className="muted"> · {d.signers.filter((s) => s.status === "pending").length} pending</span>
                  )}
                </div>
              </div>
            ))
          )}
        </div>
      )}
    </div>
  );
}
