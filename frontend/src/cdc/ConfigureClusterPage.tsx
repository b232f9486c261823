import { useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import { REPOSITORIES, type ClusterDetail, type SecurityParams, type Service } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { clusterRegistry, governorAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { ErrorSummary, Field } from "../forms/Field.js";
import { REPOSITORY_LABEL } from "../ui/labels.js";
import { LoadError, Loading, Notice } from "../ui/Notice.js";
import { StatusBadge } from "../ui/StatusBadge.js";
import { TxStatus } from "../ui/TxStatus.js";
import { CdcGate } from "../wallet/CdcGate.js";
import { checkParamsForm, DEFAULT_PARAMS_FORM, paramsToForm, type ParamsForm } from "../forms/paramsForm.js";
import { diffParams } from "../forms/securityParams.js";
import { SecurityParamsFields } from "../forms/SecurityParamsFields.js";
import { usePageTitle } from "../ui/usePageTitle.js";

const READ_ONLY = ["dissolved", "rejected"];

/**
 * How the CDC changes a cluster's configuration: directly while the cluster is being set up;
 * once it is active, by proposing it to the members through the cluster's governor (their vote
 * decides, issue 9); not at all once it is dissolving or closed.
 */
type ConfigMode = { kind: "direct" } | { kind: "propose"; governor: string } | { kind: "none"; why: string };

function configMode(cluster: ClusterDetail): ConfigMode {
  if (READ_ONLY.includes(cluster.status)) return { kind: "none", why: `This cluster is ${cluster.status}; its configuration can no longer change.` };
  if (cluster.status === "dissolving")
    return { kind: "none", why: "This cluster is dissolving: only its members' votes changed it, and no new proposal can be made now." };
  if (cluster.status !== "active") return { kind: "direct" };
  const governor = cluster.components.Governor;
  if (!governor)
    return {
      kind: "none",
      why: "This cluster has no governor: its configuration changes only by its members' decision, which cannot be voted on this platform.",
    };
  return { kind: "propose", governor };
}

export function ConfigureClusterPage() {
  usePageTitle("Configure cluster");
  return (
    <CdcGate title="Configure a cluster">
      <ConfigureCluster />
    </CdcGate>
  );
}

function ConfigureCluster() {
  const [search, setSearch] = useSearchParams();
  const clusters = useApi(() => api.clusters(), "clusters");
  const requested = Number(search.get("cluster"));
  const selectedId = Number.isSafeInteger(requested) && requested > 0 ? requested : clusters.data?.find((c) => !READ_ONLY.includes(c.status))?.id;
  const cluster = useApi(() => (selectedId ? api.cluster(selectedId) : Promise.resolve(undefined)), `configure-${selectedId ?? "none"}`);

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Configure a cluster</h1>
          <p className="lead">Security parameters and enabled services are public, on-chain configuration; every change bumps the version.</p>
        </div>
      </div>
      <div className="card">
        <Field id="configure-cluster" label="Cluster">
          <select
            id="configure-cluster"
            value={selectedId ?? ""}
            onChange={(e) => setSearch(e.target.value ? { cluster: e.target.value } : {})}
            disabled={!clusters.data}
          >
            {!selectedId && <option value="">Choose a cluster…</option>}
            {clusters.data?.map((c) => (
              <option key={c.id} value={c.id}>
                #{c.id} {c.name} ({c.status})
              </option>
            ))}
          </select>
        </Field>
      </div>
      {clusters.error && <LoadError error={clusters.error} retry={clusters.reload} />}
      {cluster.error && !cluster.data && <LoadError error={cluster.error} retry={cluster.reload} />}
      {selectedId && !cluster.data && !cluster.error && <Loading what="the cluster" />}
      {cluster.data && cluster.data.id === selectedId && <ClusterConfig key={cluster.data.id} cluster={cluster.data} reload={cluster.reload} />}
    </section>
  );
}

function ClusterConfig({ cluster, reload }: { cluster: ClusterDetail; reload: () => void }) {
  const mode = configMode(cluster);
  return (
    <>
      <div className="card-row">
        <h2 className="with-badge">
          <Link to={`/clusters/${cluster.id}/configuration`}>{cluster.name}</Link> <StatusBadge status={cluster.status} />
          <span className="badge tone-neutral" data-testid="config-version">
            configuration v{cluster.configVersion}
          </span>
        </h2>
      </div>
      {mode.kind === "none" && (
        <Notice tone="warn" title="Read-only">
          {mode.why}
        </Notice>
      )}
      {mode.kind === "propose" && (
        <Notice tone="info" title="Proposed to the members">
          This cluster is active: what you change here is proposed to its members, and takes effect only when their vote passes.{" "}
          <Link to={`/clusters/${cluster.id}/proposals`}>Follow the proposals</Link>.
        </Notice>
      )}
      <ParamsEditor cluster={cluster} reload={reload} mode={mode} />
      <ServiceToggles cluster={cluster} reload={reload} mode={mode} />
    </>
  );
}

function ParamsEditor({ cluster, reload, mode }: { cluster: ClusterDetail; reload: () => void; mode: ConfigMode }) {
  const readOnly = mode.kind === "none";
  const formFor = (p: SecurityParams | null) => (p ? paramsToForm(p) : { ...DEFAULT_PARAMS_FORM });
  const [form, setForm] = useState<ParamsForm>(() => formFor(cluster.params));
  const [attempted, setAttempted] = useState(false);
  const tx = useTransaction();
  // A confirmed change reloads the cluster; the form then shows the values now on chain.
  useEffect(() => setForm(formFor(cluster.params)), [cluster.configVersion, cluster.params]);
  const checked = useMemo(() => checkParamsForm(form), [form]);
  const errors = attempted && !checked.ok ? checked.errors : {};
  const pending = checked.ok
    ? diffParams(cluster.params, {
        votingPeriod: Number(checked.value.votingPeriod),
        quorumBps: Number(checked.value.quorumBps),
        approvalThresholdBps: Number(checked.value.approvalThresholdBps),
        admissionPolicy: form.admissionPolicy,
        documentsMustBeEncrypted: form.documentsMustBeEncrypted,
        coreVeto: form.coreVeto,
        clearingCycleLength: Number(checked.value.clearingCycleLength),
        settlementToken: String(checked.value.settlementToken),
      })
    : [];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok || pending.length === 0) return;
    const params = checked.value;
    if (mode.kind === "propose") {
      const description = `The CDC proposes: ${pending.map((c) => `${c.label} ${c.after}`).join(", ")}`;
      await tx.run(
        `Propose new security parameters for “${cluster.name}”`,
        (signer) => governorAt(mode.governor, signer).proposeParams(params, description),
        reload,
      );
      return;
    }
    await tx.run(
      `Update security parameters of “${cluster.name}”`,
      (signer, deployment) => clusterRegistry(deployment, signer).setSecurityParams(cluster.id, params),
      reload,
    );
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-label="Security parameters">
      <div className="card-head">
        <h2>Security parameters</h2>
      </div>
      <SecurityParamsFields value={form} onChange={setForm} errors={errors} disabled={readOnly || tx.busy} />
      <div className="submit-bar">
        <ErrorSummary errors={errors} />
        {checked.ok && pending.length > 0 && (
          <div className="pending-changes" data-testid="pending-changes">
            <strong>Changes to send:</strong>
            <ul className="diff">
              {pending.map((c) => (
                <li key={c.key}>
                  {c.label}: <del>{c.before}</del> → <ins>{c.after}</ins>
                </li>
              ))}
            </ul>
          </div>
        )}
        {attempted && checked.ok && pending.length === 0 && tx.state.phase === "idle" && (
          <p className="muted">Nothing changed: the form matches the parameters on chain.</p>
        )}
        <TxStatus state={tx.state} onDismiss={tx.reset} />
        <div className="actions">
          <button
            type="button"
            className="button ghost"
            onClick={() => setForm(formFor(cluster.params))}
            disabled={readOnly || tx.busy || pending.length === 0}
          >
            Reset
          </button>
          <button type="submit" className="button primary" disabled={readOnly || tx.busy}>
            {mode.kind === "propose" ? (tx.busy ? "Proposing…" : "Propose parameters") : tx.busy ? "Saving…" : "Save parameters"}
          </button>
        </div>
      </div>
    </form>
  );
}

function ServiceToggles({ cluster, reload, mode }: { cluster: ClusterDetail; reload: () => void; mode: ConfigMode }) {
  const readOnly = mode.kind === "none";
  const services = useApi(() => api.services(), "services");
  const tx = useTransaction();
  const [target, setTarget] = useState<number>();
  const enabled = new Set(cluster.enabledServices);

  const toggle = async (service: Service) => {
    const on = !enabled.has(service.id);
    setTarget(service.id);
    const receipt =
      mode.kind === "propose"
        ? await tx.run(
            `Propose to ${on ? "enable" : "disable"} ${service.name}`,
            (signer) => governorAt(mode.governor, signer).proposeService(service.id, on, `The CDC proposes to ${on ? "enable" : "disable"} ${service.name}`),
            reload,
          )
        : await tx.run(
            `${on ? "Enable" : "Disable"} ${service.name}`,
            (signer, deployment) => clusterRegistry(deployment, signer).setServiceEnabled(cluster.id, service.id, on),
            reload,
          );
    // A refusal often means this page was out of date (someone else changed it): re-read it.
    if (!receipt) reload();
    setTarget(undefined);
  };

  return (
    <div className="card">
      <div className="card-head">
        <div>
          <h2>Services</h2>
          <p className="muted small">
            {mode.kind === "propose"
              ? "Each switch proposes the change to the members; the switch moves once their vote has passed and the proposal is executed."
              : "Each switch sends one transaction."}{" "}
            A disabled service is refused for this cluster by the contracts and the API.
          </p>
        </div>
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
      {services.error && <LoadError error={services.error} retry={services.reload} />}
      {!services.data && !services.error && <Loading what="the catalog" />}
      {services.data && (
        <div className="service-columns">
          {REPOSITORIES.map((repo) => (
            <div key={repo}>
              <h3>{REPOSITORY_LABEL[repo]}</h3>
              <ul className="toggles">
                {services
                  .data!.filter((s) => s.repository === repo)
                  .map((s) => {
                    const on = enabled.has(s.id);
                    // Enabling needs an active catalog entry; disabling a deprecated one is allowed, an active system one never.
                    const required = on && s.repository === "system" && s.status !== "deprecated";
                    const blocked = readOnly || tx.busy || (!on && s.status === "deprecated") || required;
                    return (
                      <li key={s.id}>
                        <label className={`switch ${blocked ? "disabled" : ""}`}>
                          <input
                            type="checkbox"
                            role="switch"
                            checked={on}
                            disabled={blocked}
                            onChange={() => void toggle(s)}
                            aria-label={`${s.name} enabled`}
                            data-service-id={s.id}
                          />
                          <span className="switch-track" aria-hidden="true" />
                          <span>
                            {s.name}
                            {target === s.id && tx.busy && <span className="muted small"> · sending…</span>}
                            {s.status === "deprecated" && <span className="muted small"> · deprecated</span>}
                            {required && <span className="muted small"> · required</span>}
                          </span>
                        </label>
                      </li>
                    );
                  })}
              </ul>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
