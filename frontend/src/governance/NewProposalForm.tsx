import { useMemo, useState } from "react";
import { api } from "../api/client.js";
import type { ClusterDetail, ProposalSummary } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { sendProposal } from "./governorActions.js";
import { ProposalKindFields } from "./ProposalKindFields.js";
import { checkProposalForm, emptyProposalForm, FIELD, KINDS, type Kind, type ProposalForm, type ProposalPreset } from "./proposalForm.js";

/**
 * A member proposes one of the typed decisions; the vote opens the second after. After a
 * proposal the form stays open for the next one, emptied but for its kind.
 */
export function NewProposalForm({
  cluster,
  governor,
  proposals,
  onCreated,
  onClose,
  preset,
}: {
  cluster: ClusterDetail;
  governor: string;
  /** The cluster's proposals, to refuse a repeat the governor would refuse. */
  proposals: readonly ProposalSummary[] | undefined;
  onCreated: () => void;
  onClose: () => void;
  preset?: ProposalPreset;
}) {
  const [form, setForm] = useState<ProposalForm>(() => emptyProposalForm(cluster, preset));
  const [attempted, setAttempted] = useState(false);
  const members = useApi(() => api.members(cluster.id), `members-${cluster.id}`);
  const services = useApi(() => api.services(), "services");
  const tx = useTransaction();
  const checked = useMemo(
    () => checkProposalForm(form, { cluster, members: members.data, services: services.data, proposals }),
    [form, cluster, members.data, services.data, proposals],
  );
  const errors = attempted && !checked.ok ? checked.errors : {};
  const update = (patch: Partial<ProposalForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) return tx.reset();
    const proposal = checked.value;
    const receipt = await tx.run(`Propose: ${proposal.description}`, (signer) => sendProposal(signer, governor, proposal), onCreated);
    if (receipt) {
      setForm({ ...emptyProposalForm(cluster), kind: proposal.call.kind });
      setAttempted(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="New proposal" noValidate>
      <h2>New proposal</h2>
      <div className="form-grid two">
        <Field id={FIELD.kind} label="Kind" error={errors[FIELD.kind]}>
          <select
            id={FIELD.kind}
            value={form.kind}
            onChange={(e) => update({ kind: e.target.value as Kind })}
            disabled={tx.busy}
            {...invalidProps(FIELD.kind, errors[FIELD.kind])}
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={FIELD.description} label="Description" hint="Empty: the kind's name." error={errors[FIELD.description]}>
          <input
            id={FIELD.description}
            value={form.description}
            onChange={(e) => update({ description: e.target.value })}
            disabled={tx.busy}
            {...invalidProps(FIELD.description, errors[FIELD.description])}
          />
        </Field>
      </div>
      <ProposalKindFields form={form} update={update} errors={errors} disabled={tx.busy} cluster={cluster} members={members.data} services={services.data} />
      <SubmitBar errors={errors} tx={tx} label="Propose" busyLabel="Proposing…">
        <button type="button" className="button ghost" onClick={onClose}>
          Close the form
        </button>
      </SubmitBar>
    </form>
  );
}
