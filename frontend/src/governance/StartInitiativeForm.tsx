import { useMemo, useState } from "react";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { clusterFactory } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { FoundersTable } from "../forms/NodeTables.js";
import { checkRegisterForm, emptyRegisterForm, type RegisterForm } from "../cdc/registerForm.js";
import { ServicePicker } from "../forms/ServicePicker.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { CdoField } from "../forms/CdoField.js";
import { SecurityParamsFields } from "../forms/SecurityParamsFields.js";

/**
 * The CDC registers an initiative group: the proposed cluster and its representatives, who then
 * vote on forming it. Checked as ClusterFactory.registerInitiative checks it (the registry's name,
 * CDO and parameter checks, the group's seats as Membership admits them); after a start the form
 * stays open, empty, with the outcome.
 */
export function StartInitiativeForm({ onStarted, onClose }: { onStarted: () => void; onClose: () => void }) {
  const services = useApi(() => api.services(), "services");
  const [form, setForm] = useState<RegisterForm>(emptyRegisterForm);
  const [description, setDescription] = useState("");
  const [attempted, setAttempted] = useState(false);
  const tx = useTransaction();
  // The register form's checks; an initiative has no partners or links yet.
  const checked = useMemo(() => checkRegisterForm({ ...form, partners: [], links: [] }), [form]);
  const errors = attempted && !checked.ok ? checked.errors : {};
  const update = (patch: Partial<RegisterForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) return tx.reset();
    const { name, cdo, params, serviceIds, founders } = checked.value;
    const text = description.trim() || `Form the cluster “${String(name)}”`;
    const receipt = await tx.run(`Start the initiative “${String(name)}”`, (signer, deployment) =>
      clusterFactory(deployment, signer).registerInitiative({ name, cdo, params, serviceIds, group: founders }, text),
    );
    if (receipt) {
      setForm(emptyRegisterForm());
      setAttempted(false);
      onStarted();
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Start an initiative">
      <div className="card">
        <h2>Start an initiative</h2>
        <p className="muted small">
          The group's representatives receive a seat in the initiative's vote (one entity, one vote, under the platform's default parameters). If it passes,
          they become the cluster's founding members.
        </p>
        <div className="form-grid two">
          <Field id="cluster-name" label="Name" error={errors["cluster-name"]}>
            <input
              id="cluster-name"
              value={form.name}
              onChange={(e) => update({ name: e.target.value })}
              {...invalidProps("cluster-name", errors["cluster-name"])}
            />
          </Field>
          <CdoField value={form.cdo} onChange={(cdo) => update({ cdo })} error={errors["cluster-cdo"]} />
          <Field id="initiative-description" label="Description">
            <input id="initiative-description" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
      </div>
      <div className="card">
        <h2>Proposed security parameters</h2>
        <SecurityParamsFields value={form.params} onChange={(params) => update({ params })} errors={errors} />
      </div>
      <div className="card">
        <h2>Proposed services</h2>
        <ServicePicker services={services.data} selected={form.serviceIds} onChange={(serviceIds) => update({ serviceIds })} />
      </div>
      <div className="card">
        <h2>Group representatives</h2>
        {errors.founders && (
          <p className="field-error" id="founders" tabIndex={-1}>
            {errors.founders}
          </p>
        )}
        <FoundersTable form={form} setForm={setForm} errors={errors} />
      </div>
      <SubmitBar errors={errors} tx={tx} label="Start initiative" busyLabel="Starting…" large>
        <button type="button" className="button ghost" onClick={onClose}>
          Close the form
        </button>
      </SubmitBar>
    </form>
  );
}
