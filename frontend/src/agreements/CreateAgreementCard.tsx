import { useMemo, useState } from "react";
import type { TransactionReceipt } from "ethers";
import { AGREEMENT_KINDS, type AgreementKindName, type ClusterDetail, type DirectoryEntry, type DocumentSummary } from "../api/types.js";
import { agreementRegistryAt, agreementRegistryInterface } from "../chain/contracts.js";
import { useChainTime } from "../chain/useChainTime.js";
import { useTransaction, type Transaction } from "../chain/useTransaction.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { useUploadLimit } from "../documents/uploadLimit.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import type { Checked, FieldErrors } from "../forms/validation.js";
import { useTokenUnit } from "../ui/amount.js";
import { AGREEMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { MilestoneRowsTable } from "./MilestoneRowsTable.js";
import { emptyRow, MAX_MILESTONES } from "./milestoneRows.js";
import { checkTermsForm, MAX_PARTIES, type CheckedTerms, type TermsForm, type TermsRules } from "./termsForm.js";
import { noTerms, resolveTerms, TermsFields } from "./TermsFields.js";

interface AgreementForm extends TermsForm {
  parties: Set<string>;
  kind: AgreementKindName;
}

const emptyForm = (account: string): AgreementForm => ({ parties: new Set([account]), kind: "supply", total: "", rows: [emptyRow()], terms: noTerms() });

/** AgreementRegistry.create's rules: 2 to MAX_PARTIES parties, the creator among them, and the terms' rules. */
function checkAgreementForm(form: AgreementForm, rules: Omit<TermsRules, "isParty">): Checked<CheckedTerms> {
  const errors: FieldErrors = {};
  if (form.parties.size < 2) errors["agr-parties"] = "Choose at least one other party: an agreement has two parties or more.";
  else if (form.parties.size > MAX_PARTIES) errors["agr-parties"] = `An agreement has at most ${MAX_PARTIES} parties; ${form.parties.size} are chosen.`;
  const terms = checkTermsForm(form, { ...rules, isParty: (a) => form.parties.has(a) });
  if (!terms.ok) Object.assign(errors, terms.errors);
  return Object.keys(errors).length > 0 || !terms.ok ? { ok: false, errors } : terms;
}

interface CreateProps {
  cluster: ClusterDetail;
  account: string;
  token: string;
  directory: DirectoryEntry[];
  documents: DocumentSummary[];
  onCreated: (agreementId: number) => void;
}

/**
 * "New agreement" opens the form; once the agreement is created the form closes (the next one
 * starts empty) and the transaction's outcome stays beside the button.
 */
export function CreateAgreementCard(props: CreateProps) {
  const [open, setOpen] = useState(false);
  const tx = useTransaction();
  return (
    <div data-testid="create-agreement">
      {open ? (
        <AgreementFormCard {...props} tx={tx} onClose={() => setOpen(false)} />
      ) : (
        <>
          <div className="actions">
            <button type="button" className="button primary" disabled={tx.busy} onClick={() => setOpen(true)}>
              New agreement
            </button>
          </div>
          <TxStatus state={tx.state} onDismiss={tx.reset} />
        </>
      )}
    </div>
  );
}

/** Drafts an agreement: parties, kind, total value, milestones, and its terms document. */
function AgreementFormCard({ cluster, account, token, directory, documents, onCreated, tx, onClose }: CreateProps & { tx: Transaction; onClose: () => void }) {
  const [form, setForm] = useState(() => emptyForm(account));
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<string>();
  const unit = useTokenUnit();
  const now = Math.floor(useChainTime("create-agreement") / 1000);
  const maxUploadBytes = useUploadLimit(cluster.id, true, cluster.configVersion);
  const [step, setStep] = useState<string>();
  const registry = cluster.components.Agreements;
  const update = (patch: Partial<AgreementForm>) => setForm((f) => ({ ...f, ...patch }));
  const checked = useMemo(
    () =>
      checkAgreementForm(form, {
        prefix: "agr",
        label: "Milestone",
        totalName: "The total value",
        unit,
        now,
        room: MAX_MILESTONES,
        maxUploadBytes,
        documents,
      }),
    [form, unit, now, maxUploadBytes, documents],
  );
  const errors = attempted && !checked.ok ? checked.errors : {};
  const partyList = directory.filter((d) => form.parties.has(d.address));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAttempted(true);
    if (!checked.ok) return tx.reset();
    if (!registry) return setError("This cluster has no agreement registry.");
    const { totalValue, milestones } = checked.value;
    const parties = [...form.parties];
    try {
      const stored = await resolveTerms({ choice: form.terms, cluster, token, parties, directory, documents, progress: setStep });
      const order = [account, ...parties.filter((p) => p !== account)];
      const receipt = await tx.run(
        "Create agreement",
        (signer) =>
          agreementRegistryAt(registry, signer).create(AGREEMENT_KINDS.indexOf(form.kind), order, {
            termsCid: cidDigest(stored.cid),
            termsHash: stored.hash,
            totalValue,
            milestones,
          }),
        (receipt: TransactionReceipt) => {
          for (const log of receipt.logs) {
            try {
              const parsed = agreementRegistryInterface.parseLog(log);
              if (parsed?.name === "AgreementCreated") onCreated(Number(parsed.args.agreementId));
            } catch {
              // Another contract's log.
            }
          }
        },
      );
      if (receipt) onClose();
    } catch (cause) {
      setStep(undefined);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <form className="card" aria-label="New agreement" onSubmit={(e) => void submit(e)} noValidate>
      <h2>New agreement</h2>
      <fieldset id="agr-parties" aria-describedby={errors["agr-parties"] ? "agr-parties-error" : undefined}>
        <legend>Parties</legend>
        <div className="checks">
          {directory.map((m) => (
            <label key={m.address} className="check">
              <input
                type="checkbox"
                aria-label={`Party ${m.name}`}
                checked={form.parties.has(m.address)}
                disabled={m.address === account}
                onChange={() => {
                  const next = new Set(form.parties);
                  if (next.has(m.address)) next.delete(m.address);
                  else next.add(m.address);
                  update({ parties: next });
                }}
              />{" "}
              {m.name}
              {m.address === account && " (you)"}
            </label>
          ))}
        </div>
        {errors["agr-parties"] && (
          <span className="field-error" id="agr-parties-error">
            {errors["agr-parties"]}
          </span>
        )}
      </fieldset>
      <div className="form-grid">
        <Field id="agr-kind" label="Kind">
          <select id="agr-kind" value={form.kind} onChange={(e) => update({ kind: e.target.value as AgreementKindName })}>
            {AGREEMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {AGREEMENT_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="agr-total"
          label="Total value"
          hint={`${unit ? `In ${unit.symbol}` : "Token units"}; at least the milestones' sum; empty: that sum`}
          error={errors["agr-total"]}
        >
          <input
            id="agr-total"
            inputMode="decimal"
            value={form.total}
            onChange={(e) => update({ total: e.target.value })}
            {...invalidProps("agr-total", errors["agr-total"])}
          />
        </Field>
        <TermsFields idPrefix="agr" value={form.terms} onChange={(terms) => update({ terms })} documents={documents} errors={errors} />
      </div>
      <MilestoneRowsTable
        rows={form.rows}
        onChange={(rows) => update({ rows })}
        parties={partyList.map((p) => ({ address: p.address, name: p.name }))}
        errors={errors}
        id="agr-milestones"
      />
      {step && <p className="muted">{step}</p>}
      {error && (
        <Notice tone="error" title="Not created">
          {error}
        </Notice>
      )}
      <SubmitBar errors={errors} tx={{ ...tx, busy: tx.busy || step !== undefined }} label="Create agreement" busyLabel="Creating…">
        <button type="button" className="button ghost" onClick={onClose}>
          Cancel
        </button>
      </SubmitBar>
    </form>
  );
}
