import { useEffect, useMemo, useState } from "react";
import type { ClusterSummary, RegisteredNode } from "../api/types.js";
import { nodeRegistry } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { Address, shortAddress } from "../ui/Address.js";
import { parseEnode } from "./enode.js";
import { checkRegisterNodeForm, emptyRegisterNodeForm, FIELD, type RegisterNodeForm } from "./registerNodeForm.js";

/** Registers one of the organisation's nodes for the CDC's approval. */
export function RegisterNodeCard({ clusters, own, onRegistered }: { clusters: ClusterSummary[]; own: RegisteredNode[]; onRegistered: () => void }) {
  const ids = useMemo(() => clusters.map((c) => c.id), [clusters]);
  const [form, setForm] = useState<RegisterNodeForm>(() => emptyRegisterNodeForm(ids));
  const [attempted, setAttempted] = useState(false);
  const tx = useTransaction();
  const checked = useMemo(() => checkRegisterNodeForm(form, ids, own), [form, ids, own]);
  const errors = attempted && !checked.ok ? checked.errors : {};
  const preview = parseEnode(form.enode);
  const update = (patch: Partial<RegisterNodeForm>) => setForm((f) => ({ ...f, ...patch }));
  // The member's clusters arrive after the form: with only one, it is chosen.
  useEffect(() => {
    if (ids.length === 1) setForm((f) => (f.clusterId === "" ? { ...f, clusterId: String(ids[0]) } : f));
  }, [ids]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) {
      tx.reset();
      return;
    }
    const n = checked.value;
    const receipt = await tx.run(
      `Register node ${shortAddress(n.node)} at ${n.host}:${n.port}`,
      (signer, deployment) => nodeRegistry(deployment, signer).registerNode(n.clusterId, n.publicKey, n.host, n.port),
      onRegistered,
    );
    if (receipt) {
      setForm(emptyRegisterNodeForm(ids));
      setAttempted(false);
    }
  };

  return (
    <form className="card register-node" onSubmit={(e) => void submit(e)} noValidate aria-label="Register a node">
      <div className="card-head">
        <div>
          <h2>Register a node</h2>
          <p className="muted small">
            Paste your Besu node's enode URL (Besu prints it at start-up; <code>admin_nodeInfo</code> returns it). The CDC then approves or rejects it.
          </p>
        </div>
      </div>
      {clusters.length === 0 ? (
        <p className="empty" data-testid="no-cluster">
          You are a member of no active cluster, so you cannot register a node: only members of an active cluster may.
        </p>
      ) : (
        <>
          <div className="form-grid two">
            <Field id={FIELD.cluster} label="Cluster" error={errors[FIELD.cluster]} hint="An active cluster you are a member of.">
              <select
                id={FIELD.cluster}
                value={form.clusterId}
                onChange={(e) => update({ clusterId: e.target.value })}
                disabled={tx.busy}
                {...invalidProps(FIELD.cluster, errors[FIELD.cluster])}
              >
                {form.clusterId === "" && <option value="">Choose a cluster…</option>}
                {clusters.map((c) => (
                  <option key={c.id} value={c.id}>
                    #{c.id} {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id={FIELD.enode}
              label="Enode URL"
              error={errors[FIELD.enode]}
              hint={
                preview.ok ? (
                  <span data-testid="enode-preview">
                    Node id <Address value={preview.value.node} /> · host {preview.value.host} · port {preview.value.port}
                  </span>
                ) : (
                  "enode://<128 hex digits>@host:port, the host an IPv4 address such as 10.0.0.1."
                )
              }
            >
              <input
                id={FIELD.enode}
                className="mono"
                value={form.enode}
                onChange={(e) => update({ enode: e.target.value })}
                placeholder="enode://…@10.0.0.1:30303"
                autoComplete="off"
                spellCheck={false}
                disabled={tx.busy}
                {...invalidProps(FIELD.enode, errors[FIELD.enode])}
              />
            </Field>
          </div>
          <SubmitBar errors={errors} tx={tx} label="Register node" busyLabel="Registering…" />
        </>
      )}
    </form>
  );
}
