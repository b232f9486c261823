import { useState } from "react";
import type { AgreementDetail, ClusterDetail, DirectoryEntry, DocumentSummary } from "../api/types.js";
import { agreementRegistryAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { ErrorSummary, Field, invalidProps } from "../forms/Field.js";
import { useTokenUnit } from "../ui/amount.js";
import type { TokenUnit } from "../ui/format.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { MilestoneRowsTable } from "./MilestoneRowsTable.js";
import { amountInput, parseMilestones, totalValueOf, type MilestoneRow } from "./milestoneRows.js";
import { noTerms, resolveTerms, TermsFields } from "./TermsFields.js";

/** The milestones in force not yet accepted, as rows to edit: an amendment replaces exactly these. */
function openRows(a: AgreementDetail, unit: TokenUnit | undefined): MilestoneRow[] {
  return a.milestones
    .filter((m) => m.version === a.version && (m.status === "pending" || m.status === "delivered"))
    .map((m) => ({ deliverer: m.deliverer, payer: m.payer, amount: amountInput(m.amount, unit), due: new Date(m.dueDate * 1000).toISOString().slice(0, 10) }));
}

/**
 * A party proposes new terms for an active agreement (AgreementRegistry.proposeAmendment): a new
 * version that every party must sign; once all have, its milestones replace the open ones.
 */
export function AmendmentForm({
  cluster,
  agreement: a,
  token,
  directory,
  documents,
  nameOf,
  onProposed,
}: {
  cluster: ClusterDetail;
  agreement: AgreementDetail;
  token: string;
  directory: DirectoryEntry[];
  documents: DocumentSummary[];
  nameOf: (address: string) => string;
  onProposed: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [total, setTotal] = useState("");
  const [rows, setRows] = useState<MilestoneRow[]>([]);
  const [terms, setTerms] = useState(noTerms);
  const [error, setError] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const unit = useTokenUnit();
  const [step, setStep] = useState<string>();
  const tx = useTransaction();
  const registry = cluster.components.Agreements;
  if (!registry) return null;
  // Closed, it keeps showing the last proposal's transaction: the agreement re-renders with it.
  if (!open) {
    return (
      <>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={tx.busy}
            onClick={() => {
              setRows(openRows(a, unit));
              setOpen(true);
            }}
          >
            Propose an amendment
          </button>
        </div>
        <TxStatus state={tx.state} onDismiss={tx.reset} />
      </>
    );
  }

  const submit = async () => {
    setError(undefined);
    // Every problem at once, each marked on its field.
    const parsed = parseMilestones(rows, (p) => a.parties.includes(p), unit, "Amendment milestone");
    const found: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
    const milestones = parsed.ok ? parsed.milestones : [];
    const totalValue = totalValueOf(total, milestones, unit, "The amended total value");
    if (typeof totalValue === "string") found["amend-total"] = totalValue;
    setErrors(found);
    if (Object.keys(found).length > 0 || typeof totalValue === "string") return;
    try {
      const stored = await resolveTerms({ choice: terms, cluster, token, parties: a.parties, directory, documents, progress: setStep });
      const receipt = await tx.run(
        `Propose an amendment of agreement #${a.id}`,
        (signer) =>
          agreementRegistryAt(registry, signer).proposeAmendment(a.id, { termsCid: cidDigest(stored.cid), termsHash: stored.hash, totalValue, milestones }),
        onProposed,
      );
      if (receipt) setOpen(false);
    } catch (cause) {
      setStep(undefined);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <section data-testid="amendment-form">
      <h3>Amendment (v{Math.max(a.version, a.proposedVersion) + 1})</h3>
      <p className="muted small">
        Every party signs the new version; then its milestones replace the {openRows(a, unit).length} open ones. Accepted milestones stay as they are.
        {a.proposedVersion > 0 && ` It replaces the proposal v${a.proposedVersion}, which is still collecting signatures.`}
      </p>
      <div className="form-grid">
        <Field
          id="amend-total"
          label="Amended total value"
          hint={`${unit ? `In ${unit.symbol}` : "Token units"}; empty: the sum of the milestones`}
          error={errors["amend-total"]}
        >
          <input
            id="amend-total"
            inputMode="decimal"
            value={total}
            onChange={(e) => setTotal(e.target.value)}
            {...invalidProps("amend-total", errors["amend-total"])}
          />
        </Field>
        <TermsFields idPrefix="amend" value={terms} onChange={setTerms} documents={documents} />
      </div>
      <MilestoneRowsTable
        rows={rows}
        onChange={setRows}
        parties={a.parties.map((p) => ({ address: p, name: nameOf(p) }))}
        label="Amendment milestone"
        errors={errors}
      />
      <ErrorSummary errors={errors} />
      <div className="actions">
        <button type="button" className="button primary" disabled={tx.busy || step !== undefined} onClick={() => void submit()}>
          Propose amendment
        </button>
        <button type="button" className="button ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {step && <p className="muted">{step}</p>}
      {error && (
        <Notice tone="error" title="Not proposed">
          {error}
        </Notice>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </section>
  );
}
