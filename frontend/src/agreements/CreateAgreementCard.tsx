import { useState } from "react";
import type { TransactionReceipt } from "ethers";
import { AGREEMENT_KINDS, type AgreementKindName, type ClusterDetail, type DirectoryEntry, type DocumentSummary } from "../api/types.js";
import { agreementRegistryAt, agreementRegistryInterface } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { cidDigest } from "../documents/cid.js";
import { uploadContent } from "../documents/uploadContent.js";
import { Field } from "../forms/Field.js";
import { AGREEMENT_KIND_LABEL } from "../ui/labels-docs.js";
import { Notice } from "../ui/Notice.js";
import { TxStatus } from "../ui/TxStatus.js";

interface MilestoneRow {
  deliverer: string;
  payer: string;
  amount: string;
  due: string;
}

const emptyRow = (): MilestoneRow => ({ deliverer: "", payer: "", amount: "", due: "" });

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
  const [termsDoc, setTermsDoc] = useState("");
  const [termsFile, setTermsFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [step, setStep] = useState<string>();
  const tx = useTransaction();
  const registry = cluster.components.Agreements;
  const partyList = directory.filter((d) => parties.has(d.address));
  const nameOf = (a: string) => directory.find((d) => d.address === a)?.name ?? a;
  const anchored = documents.filter((d) => d.status === "active");

  const setRow = (i: number, patch: Partial<MilestoneRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async () => {
    setError(undefined);
    if (!registry) return setError("This cluster has no agreement registry.");
    if (parties.size < 2) return setError("An agreement needs at least two parties.");
    const milestones: { deliverer: string; payer: string; amount: bigint; dueDate: bigint }[] = [];
    for (const [i, r] of rows.entries()) {
      if (!parties.has(r.deliverer) || !parties.has(r.payer)) return setError(`Milestone ${i + 1}: choose a deliverer and a payer among the parties.`);
      if (r.deliverer === r.payer) return setError(`Milestone ${i + 1}: the deliverer and the payer must differ.`);
      if (!/^[0-9]+$/.test(r.amount) || BigInt(r.amount) === 0n) return setError(`Milestone ${i + 1}: the amount is a whole number of token units above 0.`);
      const due = Date.parse(r.due);
      if (Number.isNaN(due)) return setError(`Milestone ${i + 1}: choose a due date.`);
      milestones.push({ deliverer: r.deliverer, payer: r.payer, amount: BigInt(r.amount), dueDate: BigInt(Math.floor(due / 1000)) });
    }
    const sum = milestones.reduce((s, m) => s + m.amount, 0n);
    const totalValue = total.trim() === "" ? sum : /^[0-9]+$/.test(total) ? BigInt(total) : -1n;
    if (totalValue < 0n) return setError("The total value is a whole number of token units.");
    try {
      let terms: { cid: string; hash: string };
      if (termsFile) {
        const stored = await uploadContent({
          clusterId: cluster.id,
          token,
          file: termsFile,
          encrypt: cluster.params?.documentsMustBeEncrypted ?? false,
          recipients: [...parties],
          directory,
          progress: setStep,
        });
        terms = { cid: stored.cid, hash: stored.contentHash };
      } else {
        const doc = anchored.find((d) => String(d.id) === termsDoc);
        if (!doc) return setError("Pick the terms document (an anchored document) or upload one.");
        terms = { cid: doc.cid, hash: doc.contentHash };
      }
      setStep(undefined);
      const order = [account, ...[...parties].filter((p) => p !== account)];
      await tx.run(
        "Create agreement",
        (signer) =>
          agreementRegistryAt(registry, signer).create(AGREEMENT_KINDS.indexOf(kind), order, {
            termsCid: cidDigest(terms.cid),
            termsHash: terms.hash,
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

  const partySelect = (label: string, value: string, onChange: (address: string) => void) => (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {partyList.map((p) => (
        <option key={p.address} value={p.address}>
          {nameOf(p.address)}
        </option>
      ))}
    </select>
  );

  return (
    <div className="card" data-testid="create-agreement">
      <h2>New agreement</h2>
      <fieldset>
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
        <Field id="agr-total" label="Total value" hint="Token units; empty: the sum of the milestones">
          <input id="agr-total" inputMode="numeric" value={total} onChange={(e) => setTotal(e.target.value)} />
        </Field>
        <Field id="agr-terms-doc" label="Terms document" hint="An anchored document, or upload a file below">
          <select id="agr-terms-doc" value={termsDoc} onChange={(e) => setTermsDoc(e.target.value)}>
            <option value="">—</option>
            {anchored.map((d) => (
              <option key={d.id} value={d.id}>
                #{d.id} {d.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="agr-terms-file" label="Or upload the terms">
          <input id="agr-terms-file" type="file" onChange={(e) => setTermsFile(e.target.files?.[0])} />
        </Field>
      </div>
      <table className="table form-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Deliverer</th>
            <th>Payer</th>
            <th>Amount</th>
            <th>Due date</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td className="muted">{i + 1}</td>
              <td>
                {partySelect(`Milestone ${i + 1} deliverer`, r.deliverer, (deliverer) => setRow(i, { deliverer }))}
              </td>
              <td>
                {partySelect(`Milestone ${i + 1} payer`, r.payer, (payer) => setRow(i, { payer }))}
              </td>
              <td>
                <input aria-label={`Milestone ${i + 1} amount`} inputMode="numeric" value={r.amount} onChange={(e) => setRow(i, { amount: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Milestone ${i + 1} due date`} type="date" value={r.due} onChange={(e) => setRow(i, { due: e.target.value })} />
              </td>
              <td>
                {rows.length > 1 && (
                  <button type="button" className="icon-button" aria-label={`Remove milestone ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="button" onClick={() => setRows([...rows, emptyRow()])}>
          + Add milestone
        </button>
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
