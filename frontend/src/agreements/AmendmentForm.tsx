import { useMemo, useState } from "react";
import type { AgreementDetail, ClusterDetail, DirectoryEntry, DocumentSummary } from "../api/types.js";
import { agreementRegistryAt } from "../chain/contracts.js";
import { useChainTime } from "../chain/useChainTime.js";
import { useTransaction, type Transaction } from "../chain/useTransaction.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { useUploadLimit } from "../documents/uploadLimit.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { useTokenUnit } from "../ui/amount.js";
import type { TokenUnit } from "../ui/format.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { MilestoneRowsTable } from "./MilestoneRowsTable.js";
import { amountInput, dateInput, MAX_MILESTONES, type MilestoneRow } from "./milestoneRows.js";
import { checkTermsForm, type TermsForm } from "./termsForm.js";
import { noTerms, resolveTerms, TermsFields } from "./TermsFields.js";

/** The milestones in force not yet accepted, as rows to edit: an amendment replaces exactly these. */
function openRows(a: AgreementDetail, unit: TokenUnit | undefined): MilestoneRow[] {
  return a.milestones
    .filter((m) => m.version === a.version && (m.status === "pending" || m.status === "delivered"))
    .map((m) => ({ deliverer: m.deliverer, payer: m.payer, amount: amountInput(m.amount, unit), due: dateInput(m.dueDate) }));
}

/**
 * Where the amendment's milestones start (AgreementRegistry._propose): over a proposal still
 * collecting signatures, which it replaces, or after every milestone stored.
 */
function firstIndex(a: AgreementDetail): number {
  const proposed = a.milestones.filter((m) => m.version === a.proposedVersion && a.proposedVersion > a.version).map((m) => m.index);
  return proposed.length > 0 ? Math.min(...proposed) : a.milestones.reduce((n, m) => Math.max(n, m.index + 1), 0);
}

interface AmendmentProps {
  cluster: ClusterDetail;
  agreement: AgreementDetail;
  token: string;
  directory: DirectoryEntry[];
  documents: DocumentSummary[];
  nameOf: (address: string) => string;
  onProposed: () => void;
}

/**
 * A party proposes new terms for an active agreement (AgreementRegistry.proposeAmendment): a new
 * version that every party must sign; once all have, its milestones replace the open ones.
 */
export function AmendmentForm(props: AmendmentProps) {
  const [open, setOpen] = useState(false);
  const tx = useTransaction();
  if (!props.cluster.components.Agreements) return null;
  // Closed, it keeps showing the last proposal's transaction: the agreement re-renders with it.
  if (!open) {
    return (
      <>
        <div className="actions">
          <button type="button" className="button" disabled={tx.busy} onClick={() => setOpen(true)}>
            Propose an amendment
          </button>
        </div>
        <TxStatus state={tx.state} onDismiss={tx.reset} />
      </>
    );
  }
  return <AmendmentFields {...props} tx={tx} onClose={() => setOpen(false)} />;
}

function AmendmentFields({
  cluster,
  agreement: a,
  token,
  directory,
  documents,
  nameOf,
  onProposed,
  tx,
  onClose,
}: AmendmentProps & { tx: Transaction; onClose: () => void }) {
  const unit = useTokenUnit();
  const [form, setForm] = useState<TermsForm>(() => ({ total: "", rows: openRows(a, unit), terms: noTerms() }));
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<string>();
  const [step, setStep] = useState<string>();
  const now = Math.floor(useChainTime(`amend-${a.id}`) / 1000);
  const maxUploadBytes = useUploadLimit(cluster.id, true, cluster.configVersion);
  const registry = cluster.components.Agreements!;
  const update = (patch: Partial<TermsForm>) => setForm((f) => ({ ...f, ...patch }));
  const checked = useMemo(
    () =>
      checkTermsForm(form, {
        prefix: "amend",
        label: "Amendment milestone",
        totalName: "The amended total value",
        isParty: (p) => a.parties.includes(p),
        unit,
        now,
        room: MAX_MILESTONES - firstIndex(a),
        maxUploadBytes,
        documents,
      }),
    [form, a, unit, now, maxUploadBytes, documents],
  );
  const errors = attempted && !checked.ok ? checked.errors : {};

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAttempted(true);
    if (!checked.ok) return tx.reset();
    const { totalValue, milestones } = checked.value;
    try {
      const stored = await resolveTerms({ choice: form.terms, cluster, token, parties: a.parties, directory, documents, progress: setStep });
      const receipt = await tx.run(
        `Propose an amendment of agreement #${a.id}`,
        (signer) =>
          agreementRegistryAt(registry, signer).proposeAmendment(a.id, { termsCid: cidDigest(stored.cid), termsHash: stored.hash, totalValue, milestones }),
        onProposed,
      );
      // Closing drops what was typed: the next amendment starts from the milestones then open.
      if (receipt) onClose();
    } catch (cause) {
      setStep(undefined);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <form data-testid="amendment-form" aria-label={`Amendment of agreement #${a.id}`} onSubmit={(e) => void submit(e)} noValidate>
      <h3>Amendment (v{Math.max(a.version, a.proposedVersion) + 1})</h3>
      <p className="muted small">
        Every party signs the new version; then its milestones replace the {openRows(a, unit).length} open ones. Accepted milestones stay as they are.
        {a.proposedVersion > 0 && ` It replaces the proposal v${a.proposedVersion}, which is still collecting signatures.`}
      </p>
      <div className="form-grid">
        <Field
          id="amend-total"
          label="Amended total value"
          hint={`${unit ? `In ${unit.symbol}` : "Token units"}; at least the milestones' sum; empty: that sum`}
          error={errors["amend-total"]}
        >
          <input
            id="amend-total"
            inputMode="decimal"
            value={form.total}
            onChange={(e) => update({ total: e.target.value })}
            {...invalidProps("amend-total", errors["amend-total"])}
          />
        </Field>
        <TermsFields idPrefix="amend" value={form.terms} onChange={(terms) => update({ terms })} documents={documents} errors={errors} />
      </div>
      <MilestoneRowsTable
        rows={form.rows}
        onChange={(rows) => update({ rows })}
        parties={a.parties.map((p) => ({ address: p, name: nameOf(p) }))}
        label="Amendment milestone"
        errors={errors}
        id="amend-milestones"
      />
      {step && <p className="muted">{step}</p>}
      {error && (
        <Notice tone="error" title="Not proposed">
          {error}
        </Notice>
      )}
      <SubmitBar errors={errors} tx={{ ...tx, busy: tx.busy || step !== undefined }} label="Propose amendment" busyLabel="Proposing…">
        <button type="button" className="button ghost" onClick={onClose}>
          Cancel
        </button>
      </SubmitBar>
    </form>
  );
}
