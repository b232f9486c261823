import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client.js";
import { useApi } from "../api/useApi.js";
import { clusterFactory } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { CdoField } from "../forms/CdoField.js";
import { SecurityParamsFields } from "../forms/SecurityParamsFields.js";
import { TxStatus } from "../ui/TxStatus.js";
import { CdcGate } from "../wallet/CdcGate.js";
import { deployedClusterId } from "./deployedCluster.js";
import { FoundersTable, LinksTable, PartnersTable } from "../forms/NodeTables.js";
import { checkRegisterForm, emptyRegisterForm, type RegisterForm } from "./registerForm.js";
import { ServicePicker } from "../forms/ServicePicker.js";
import { usePageTitle } from "../ui/usePageTitle.js";

export function RegisterClusterPage() {
  usePageTitle("Register cluster");
  return (
    <CdcGate title="Register a cluster">
      <RegisterClusterForm />
    </CdcGate>
  );
}

function RegisterClusterForm() {
  const services = useApi(() => api.services(), "services");
  const [form, setForm] = useState<RegisterForm>(emptyRegisterForm);
  const [attempted, setAttempted] = useState(false);
  const [created, setCreated] = useState<{ id: number; name: string }>();
  const tx = useTransaction();
  const checked = useMemo(() => checkRegisterForm(form), [form]);
  const errors = attempted && !checked.ok ? checked.errors : {};
  const update = (patch: Partial<RegisterForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) {
      tx.reset();
      return;
    }
    const spec = checked.value;
    let factoryAddress = "";
    await tx.run(
      `Register “${spec.name}”`,
      (signer, deployment) => {
        factoryAddress = deployment.contracts.ClusterFactory;
        return clusterFactory(deployment, signer).createCluster(spec);
      },
      (receipt) => {
        const id = deployedClusterId(receipt, factoryAddress);
        if (id !== undefined) setCreated({ id, name: String(spec.name) });
      },
    );
  };

  if (created) {
    return (
      <section className="page">
        <h1>Register a cluster</h1>
        <div className="notice notice-success" role="status" data-testid="register-success">
          <strong>
            Cluster #{created.id} “{created.name}” is registered and active.
          </strong>
          <div>
            Its membership contract was deployed and the founding members hold their seats. <Link to={`/clusters/${created.id}`}>Open the cluster</Link> ·{" "}
            <Link to="/">Back to the overview</Link> ·{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setCreated(undefined);
                setForm(emptyRegisterForm());
                setAttempted(false);
                tx.reset();
              }}
            >
              Register another
            </button>
          </div>
        </div>
        <TxStatus state={tx.state} />
      </section>
    );
  }

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Register a cluster</h1>
          <p className="lead">
            One transaction signed by the CDC wallet registers the cluster, records the initiative's approval, deploys its membership contract with the founding
            members, partners and links, and activates it.
          </p>
        </div>
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Register a cluster">
        <div className="card">
          <h2>Cluster</h2>
          <div className="form-grid two">
            <Field id="cluster-name" label="Name" error={errors["cluster-name"]}>
              <input
                id="cluster-name"
                value={form.name}
                onChange={(e) => update({ name: e.target.value })}
                placeholder="e.g. Gomel Agricultural Machinery Cluster"
                {...invalidProps("cluster-name", errors["cluster-name"])}
              />
            </Field>
            <CdoField
              value={form.cdo}
              onChange={(cdo) => update({ cdo })}
              error={errors["cluster-cdo"]}
              hint="The cluster development organisation's wallet; it keeps the network map."
            />
          </div>
        </div>
        <div className="card">
          <h2>Security parameters</h2>
          <SecurityParamsFields value={form.params} onChange={(params) => update({ params })} errors={errors} />
        </div>
        <div className="card">
          <h2>Services</h2>
          <ServicePicker services={services.data} selected={form.serviceIds} onChange={(serviceIds) => update({ serviceIds })} />
        </div>
        <div className="card">
          <div className="card-head">
            <div>
              <h2>Founding members</h2>
              <p className="muted small">Each receives a non-transferable voting seat. Core members form the system-forming group.</p>
            </div>
          </div>
          {errors.founders && <p className="field-error">{errors.founders}</p>}
          <FoundersTable form={form} setForm={setForm} errors={errors} />
        </div>
        <div className="card">
          <div className="card-head">
            <div>
              <h2>External partners</h2>
              <p className="muted small">Organisations outside the cluster boundary that members deal with.</p>
            </div>
          </div>
          <PartnersTable form={form} setForm={setForm} errors={errors} />
        </div>
        <div className="card">
          <div className="card-head">
            <div>
              <h2>Links</h2>
              <p className="muted small">Directed flows of material goods, intellectual value or services between nodes.</p>
            </div>
          </div>
          <LinksTable form={form} setForm={setForm} errors={errors} />
        </div>
        <SubmitBar errors={errors} tx={tx} label="Register cluster" busyLabel="Registering…" large />
      </form>
    </section>
  );
}
