import { useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { clusterFactory } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { checkDissolutionForm, EMPTY_DISSOLUTION, FIELD, type DissolutionForm } from "./dissolutionForm.js";

/**
 * The CDC registers an initiative group's proposal to dissolve an active cluster: the factory
 * opens a dissolution vote in the cluster's governor, and the cluster's members decide it.
 */
export function DissolutionInitiativeForm({ onRegistered }: { onRegistered: () => void }) {
  const active = useApi(() => api.clusters("active"), "clusters-active");
  const [form, setForm] = useState<DissolutionForm>(EMPTY_DISSOLUTION);
  const [attempted, setAttempted] = useState(false);
  const chosen = form.clusterId === "" ? undefined : Number(form.clusterId);
  const proposals = useApi(() => (chosen === undefined ? Promise.resolve([]) : api.proposals(chosen)), `proposals-${chosen ?? ""}`);
  const tx = useTransaction();
  const checked = checkDissolutionForm(form, active.data, proposals.data, new Date());
  const errors = attempted && !checked.ok ? checked.errors : {};
  const update = (patch: Partial<DissolutionForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) return tx.reset();
    const { cluster, description } = checked.value;
    const receipt = await tx.run(`Register a dissolution initiative for “${cluster.name}”`, (signer, deployment) =>
      clusterFactory(deployment, signer).registerDissolutionInitiative(cluster.id, description),
    );
    if (receipt) {
      setForm(EMPTY_DISSOLUTION);
      setAttempted(false);
      onRegistered();
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="Register a dissolution initiative" noValidate>
      <h2>Register a dissolution initiative</h2>
      <p className="muted small">
        An initiative group proposes to dissolve an active cluster. Its members vote under the cluster's own parameters; if the vote passes, anyone executes it
        and the cluster starts winding down.
      </p>
      <div className="form-grid two">
        <Field id={FIELD.cluster} label="Cluster" error={errors[FIELD.cluster]}>
          <select
            id={FIELD.cluster}
            value={form.clusterId}
            onChange={(e) => update({ clusterId: e.target.value })}
            disabled={tx.busy}
            {...invalidProps(FIELD.cluster, errors[FIELD.cluster])}
          >
            <option value="">Choose…</option>
            {(active.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} (#{c.id})
              </option>
            ))}
          </select>
        </Field>
        <Field id={FIELD.grounds} label="Grounds" hint="Optional; they become the proposal's description." error={errors[FIELD.grounds]}>
          <input
            id={FIELD.grounds}
            value={form.grounds}
            onChange={(e) => update({ grounds: e.target.value })}
            placeholder="Why the group proposes it"
            disabled={tx.busy}
            {...invalidProps(FIELD.grounds, errors[FIELD.grounds])}
          />
        </Field>
      </div>
      <SubmitBar errors={errors} tx={tx} label="Register dissolution initiative" busyLabel="Registering…" />
    </form>
  );
}
