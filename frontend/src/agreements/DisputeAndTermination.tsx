import { useState } from "react";
import type { AgreementDetail, ClusterDetail, DirectoryEntry } from "../api/types.js";
import { agreementRegistryAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { uploadContent } from "../documents/uploadContent.js";
import { AGREEMENT_TERMINATION_TYPES, signingDomain } from "../../../core/chain/typedData.js";
import { ErrorSummary, Field, invalidProps } from "../forms/Field.js";
import { Address } from "../ui/Address.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { formatTime } from "../ui/format.js";

/**
 * A party's dispute and termination votes: raise a dispute (its reason stored as a document),
 * agree that it is resolved, ask to terminate (directly or by an EIP-712 signature another
 * account may relay). The last party's resolution or termination request decides.
 */
export function DisputeAndTermination({
  cluster,
  agreement: a,
  account,
  token,
  directory,
  onChanged,
}: {
  cluster: ClusterDetail;
  agreement: AgreementDetail;
  account: string | undefined;
  token: string | undefined;
  directory: DirectoryEntry[] | undefined;
  onChanged: () => void;
}) {
  const tx = useTransaction();
  const [reason, setReason] = useState<string>();
  const [error, setError] = useState<string>();
  const [attempted, setAttempted] = useState(false);
  const reasonError = attempted && !reason?.trim() ? "Say why: the reason is stored as a document the parties can read." : undefined;
  const errors: Record<string, string> = reasonError ? { "dispute-reason": reasonError } : {};
  const registry = cluster.components.Agreements;
  const me = account ? a.signatures.find((s) => s.party === account) : undefined;
  const open = a.status === "draft" || a.status === "active" || a.status === "disputed";
  const run = (label: string, send: Parameters<typeof tx.run>[1]) => void tx.run(label, send, onChanged);

  const raiseDispute = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAttempted(true);
    if (!registry || !reason?.trim()) return;
    if (!token || !directory) return setError("Sign in with your wallet as a member first: the reason is stored as a document.");
    try {
      const file = new File([reason.trim()], `dispute-agreement-${a.id}.txt`, { type: "text/plain" });
      const stored = await uploadContent({
        clusterId: cluster.id,
        token,
        file,
        encrypt: cluster.params?.documentsMustBeEncrypted ?? false,
        recipients: a.parties,
        directory,
      });
      const receipt = await tx.run(
        `Raise a dispute about agreement #${a.id}`,
        (s) => agreementRegistryAt(registry, s).raiseDispute(a.id, cidDigest(stored.cid)),
        onChanged,
      );
      if (receipt) close();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  const close = () => {
    setReason(undefined);
    setAttempted(false);
  };

  return (
    <section data-testid="agreement-votes">
      {a.status === "disputed" && a.dispute && (
        <Notice tone="warn" title="In dispute">
          Raised {formatTime(a.dispute.raisedAt)} by <Address value={a.dispute.raisedBy} />; reason <code className="cid">{a.dispute.reasonCid}</code>.{" "}
          Disputing:{" "}
          {a.signatures
            .filter((s) => s.disputing)
            .map((s, i) => (
              <span key={s.party}>
                {i > 0 && ", "}
                <Address value={s.party} />
              </span>
            ))}
          ; only the milestones they deliver or pay wait for the resolution. {a.signatures.filter((s) => s.resolving).length} of {a.parties.length} parties
          agree it is resolved.
        </Notice>
      )}
      {open && a.signatures.some((s) => s.terminating) && (
        <Notice tone="info" title="Termination requested">
          {a.signatures.filter((s) => s.terminating).length} of {a.parties.length} parties asked to terminate; it ends when all have.
        </Notice>
      )}
      {registry && me && open && (
        <div className="actions">
          {(a.status === "active" || (a.status === "disputed" && !me.disputing)) && reason === undefined && (
            <button type="button" className="button" disabled={tx.busy} onClick={() => setReason("")}>
              {a.status === "disputed" ? "Join the dispute" : "Raise a dispute"}
            </button>
          )}
          {a.status === "disputed" && !me.resolving && (
            <button
              type="button"
              className="button"
              disabled={tx.busy}
              onClick={() => run(`Agree agreement #${a.id}'s dispute is resolved`, (s) => agreementRegistryAt(registry, s).resolveDispute(a.id))}
            >
              Agree the dispute is resolved
            </button>
          )}
          {!me.terminating && (
            <>
              <button
                type="button"
                className="button"
                disabled={tx.busy}
                onClick={() => run(`Request termination of agreement #${a.id}`, (s) => agreementRegistryAt(registry, s).terminate(a.id))}
              >
                Request termination
              </button>
              <button
                type="button"
                className="button"
                disabled={tx.busy}
                onClick={() =>
                  run(`Request termination of agreement #${a.id} (EIP-712)`, async (s) => {
                    const contract = agreementRegistryAt(registry, s);
                    const signature = await s.signTypedData(await signingDomain(contract), AGREEMENT_TERMINATION_TYPES, { agreementId: a.id });
                    return contract.terminateBySig(a.id, account!, signature);
                  })
                }
              >
                Sign a termination request (EIP-712)
              </button>
            </>
          )}
        </div>
      )}
      {reason !== undefined && (
        <form className="form-grid" aria-label="Raise a dispute" onSubmit={(e) => void raiseDispute(e)} noValidate>
          <Field
            id="dispute-reason"
            label="Reason for the dispute"
            hint="Stored as a document (encrypted for the parties when the cluster requires it)"
            error={errors["dispute-reason"]}
          >
            <textarea
              id="dispute-reason"
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              {...invalidProps("dispute-reason", errors["dispute-reason"])}
            />
          </Field>
          <ErrorSummary errors={errors} />
          <div className="actions">
            <button type="submit" className="button warn" disabled={tx.busy}>
              Raise dispute
            </button>
            <button type="button" className="button ghost" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <Notice tone="error" title="Not sent">
          {error}
        </Notice>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </section>
  );
}
