import { useState } from "react";
import type { TransactionReceipt } from "ethers";
import { AGREEMENT_KINDS, type AgreementKindName, type ClusterDetail, type DirectoryEntry, type DocumentSummary } from "../api/types.js";
import { agreementRegistryAt, agreementRegistryInterface } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { cidDigest } from "../../../core/content/cidDigest.js";
import { ErrorSummary, Field, invalidProps } from "../forms/Field.js";
import { useTokenUnit } from "../ui/amount.js";
import { AGREEMENT_KIND_LABEL } from "../ui/labelsDocs.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";
import { MilestoneRowsTable } from "./MilestoneRowsTable.js";
import { emptyRow, parseMilestones, totalValueOf, type MilestoneRow } from "./milestoneRows.js";
import { noTerms, resolveTerms, TermsFields } from "./TermsFields.js";

/** Drafts an agreement: parties, kind, total value, milestones, and its terms document. */
export function CreateAgreementCard({
  cluster,
  account,
  token,
  directory,
  documents,
  onCreated,
}: {
  cluster: ClusterDetail;
  account: string;
  token: string;
  directory: DirectoryEntry[];
  documents: DocumentSummary[];
  onCreated: (agreementId: number) => void;
}) {
  const [parties, setParties] = useState<Set<string>>(new Set([account]));
  const [kind, setKind] = useState<AgreementKindName>("supply");
  const [total, setTotal] = useState("");
  const [rows, setRows] = useState<MilestoneRow[]>([emptyRow()]);
  const [terms, setTerms] = useState(noTerms);
  const [error, setError] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const unit = useTokenUnit();
  const [step, setStep] = useState<string>();
  const tx = useTransaction();
  const registry = cluster.components.Agreements;
  const partyList = directory.filter((d) => parties.has(d.address));

  const submit = async () => {
    setError(undefined);
    if (!registry) return setError("This cluster has no agreement registry.");
    // Every problem at once, each marked on its field.
    const found: Record<string, string> = {};
    if (parties.size < 2) found["agr-parties"] = "An agreement needs at least two parties.";
    const parsed = parseMilestones(rows, (a) => parties.has(a), unit);
    if (!parsed.ok) Object.assign(found, parsed.errors);
    const milestones = parsed.ok ? parsed.milestones : [];
    const totalValue = totalValueOf(total, milestones, unit);
    if (typeof totalValue === "string") found["agr-total"] = totalValue;
    setErrors(found);
    if (Object.keys(found).length > 0 || typeof totalValue === "string") return;
    try {
      const stored = await resolveTerms({ choice: terms, cluster, token, parties: [...parties], directory, documents, progress: setStep });
      const order = [account, ...[...parties].filter((p) => p !== account)];
      await tx.run(
        "Create agreement",
        (signer) =>
          agreementRegistryAt(registry, signer).create(AGREEMENT_KINDS.indexOf(kind), order, {
            termsCid: cidDigest(stored.cid),
            termsHash: stored.hash,
            totalValue,
            milestones,
          }),
        (receipt: TransactionReceipt) => {
          const iface = agreementRegistryInterface;
          for (const log of receipt.logs) {
            try {
              const parsed = iface.parseLog(log);
              if (parsed?.name === "AgreementCreated") onCreated(Number(parsed.args.agreementId));
            } catch {
              // Another contract's log.
            }
          }
        },
      );
    } catch (cause) {
      setStep(undefined);
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <div className="card" data-testid="create-agreement">
      <h2>New agreement</h2>
      <fieldset id="agr-parties">
        <legend>Parties</legend>
        <div className="checks">
          {directory.map((m) => (
            <label key={m.address} className="check">
              <input
                type="checkbox"
                aria-label={`Party ${m.name}`}
                checked={parties.has(m.address)}
                disabled={m.address === account}
                onChange={() => {
                  const next = new Set(parties);
                  if (next.has(m.address)) next.delete(m.address);
                  else next.add(m.address);
                  setParties(next);
                }}
              />{" "}
              {m.name}
              {m.address === account && " (you)"}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <Field id="agr-kind" label="Kind">
          <select id="agr-kind" value={kind} onChange={(e) => setKind(e.target.value as AgreementKindName)}>
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
          hint={`${unit ? `In ${unit.symbol}` : "Token units"}; empty: the sum of the milestones`}
          error={errors["agr-total"]}
        >
          <input
            id="agr-total"
            inputMode="decimal"
            value={total}
            onChange={(e) => setTotal(e.target.value)}
            {...invalidProps("agr-total", errors["agr-total"])}
          />
        </Field>
        <TermsFields idPrefix="agr" value={terms} onChange={setTerms} documents={documents} />
      </div>
      <MilestoneRowsTable rows={rows} onChange={setRows} parties={partyList.map((p) => ({ address: p.address, name: p.name }))} errors={errors} />
      <ErrorSummary errors={errors} />
      <div className="actions">
        <button type="button" className="button" disabled={tx.busy || step !== undefined} onClick={() => void submit()}>
          Create agreement
        </button>
      </div>
      {step && <p className="muted">{step}</p>}
      {error && (
        <Notice tone="error" title="Not created">
          {error}
        </Notice>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
