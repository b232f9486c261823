import { useEffect, useMemo, useRef, useState } from "react";
import type { ClusterNetwork, FlowKindName } from "../api/types.js";
import { membershipAt } from "../chain/contracts.js";
import { useTransaction } from "../chain/useTransaction.js";
import { Field, invalidProps, SubmitBar } from "../forms/Field.js";
import { FLOW_KIND_LABEL } from "../ui/labels.js";
import { FLOW_KINDS } from "./flowStyle.js";
import {
  checkLinkForm,
  checkPartnerForm,
  emptyLinkForm,
  emptyPartnerForm,
  FIELD,
  isSeatedMember,
  PARTNER_NAME_MAX,
  sameLink,
  type LinkForm,
  type PartnerForm,
} from "./networkEditForms.js";

/**
 * The CDO's editor of the network map: a partner added by name, a link drawn between two nodes.
 * The link form is the caller's, so clicks on the drawing can choose its ends.
 */
export function NetworkEditor({
  membership,
  network,
  linkForm,
  onLinkFormChange,
  onChanged,
  onClose,
}: {
  membership: string;
  network: ClusterNetwork;
  linkForm: LinkForm;
  onLinkFormChange: (form: LinkForm) => void;
  onChanged: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  // It opens below the drawing, which may fill the screen: bring it into view, no further.
  useEffect(() => ref.current?.scrollIntoView({ block: "nearest" }), []);
  return (
    <section ref={ref} id="network-editor" className="card network-editor" aria-labelledby="network-editor-title" data-testid="network-editor">
      <div className="card-head">
        <div>
          <h2 id="network-editor-title">Edit the network</h2>
          <p className="muted small">
            As the CDO you keep the cluster's map. Choose a link's ends below, or click two nodes in the drawing: the first is where the flow starts.
          </p>
        </div>
        <button type="button" className="button" onClick={onClose}>
          Close editor
        </button>
      </div>
      <div className="network-editor-forms">
        <AddPartnerForm membership={membership} network={network} onAdded={onChanged} />
        <AddLinkForm membership={membership} network={network} form={linkForm} onChange={onLinkFormChange} onAdded={onChanged} />
      </div>
    </section>
  );
}

function AddPartnerForm({ membership, network, onAdded }: { membership: string; network: ClusterNetwork; onAdded: () => void }) {
  const [form, setForm] = useState<PartnerForm>(emptyPartnerForm);
  const [attempted, setAttempted] = useState(false);
  const tx = useTransaction();
  const checked = useMemo(() => checkPartnerForm(form, network.nodes), [form, network.nodes]);
  const errors = attempted && !checked.ok ? checked.errors : {};

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) {
      tx.reset();
      return;
    }
    const { name } = checked.value;
    const receipt = await tx.run(`Add partner “${name}”`, (signer) => membershipAt(membership, signer).addPartner(name), onAdded);
    if (receipt) {
      setForm(emptyPartnerForm());
      setAttempted(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add a partner">
      <h3>Add a partner</h3>
      <p className="muted small">An organisation outside the cluster that trades with its members.</p>
      <Field id={FIELD.partnerName} label="Partner's name" error={errors[FIELD.partnerName]} hint={`Up to ${PARTNER_NAME_MAX} characters.`}>
        <input
          id={FIELD.partnerName}
          value={form.name}
          onChange={(e) => setForm({ name: e.target.value })}
          autoComplete="organization"
          disabled={tx.busy}
          {...invalidProps(FIELD.partnerName, errors[FIELD.partnerName])}
        />
      </Field>
      <SubmitBar errors={errors} tx={tx} label="Add partner" busyLabel="Adding…" />
    </form>
  );
}

function AddLinkForm({
  membership,
  network,
  form,
  onChange,
  onAdded,
}: {
  membership: string;
  network: ClusterNetwork;
  form: LinkForm;
  onChange: (form: LinkForm) => void;
  onAdded: () => void;
}) {
  const [attempted, setAttempted] = useState(false);
  const tx = useTransaction();
  const checked = useMemo(() => checkLinkForm(form, network.nodes), [form, network.nodes]);
  const errors = attempted && !checked.ok ? checked.errors : {};
  const update = (patch: Partial<LinkForm>) => onChange({ ...form, ...patch });
  const label = new Map(network.nodes.map((n) => [n.id, n.label]));
  const twin = sameLink(form, network.links);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!checked.ok) {
      tx.reset();
      return;
    }
    const l = checked.value;
    const receipt = await tx.run(
      `Add a link from “${label.get(l.from)}” to “${label.get(l.to)}”`,
      (signer) => membershipAt(membership, signer).addLink(l.from, l.to, l.kind, l.clusterActivity),
      onAdded,
    );
    if (receipt) {
      onChange(emptyLinkForm());
      setAttempted(false);
    }
  };

  const nodeSelect = (id: string, value: string, set: (v: string) => void) => (
    <select id={id} value={value} onChange={(e) => set(e.target.value)} disabled={tx.busy} {...invalidProps(id, errors[id])}>
      <option value="">Choose a node…</option>
      <optgroup label="Members">
        {network.nodes.filter(isSeatedMember).map((n) => (
          <option key={n.id} value={n.id}>
            #{n.id} {n.label}
          </option>
        ))}
      </optgroup>
      <optgroup label="Outside the cluster">
        {network.nodes
          .filter((n) => !isSeatedMember(n))
          .map((n) => (
            <option key={n.id} value={n.id}>
              #{n.id} {n.label}
              {n.type === "member" ? " (former member)" : ""}
            </option>
          ))}
      </optgroup>
    </select>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add a link">
      <h3>Add a link</h3>
      <p className="muted small">A flow from one node to another; at least one end must be a member.</p>
      <div className="form-grid two">
        <Field id={FIELD.from} label="From" error={errors[FIELD.from]}>
          {nodeSelect(FIELD.from, form.from, (from) => update({ from }))}
        </Field>
        <Field id={FIELD.to} label="To" error={errors[FIELD.to]}>
          {nodeSelect(FIELD.to, form.to, (to) => update({ to }))}
        </Field>
        <Field
          id={FIELD.kind}
          label="Flow"
          error={errors[FIELD.kind]}
          hint={twin && <span data-testid="same-link">Link #{twin.id} already draws this flow between these nodes.</span>}
        >
          <select
            id={FIELD.kind}
            value={form.kind}
            onChange={(e) => update({ kind: e.target.value as FlowKindName | "" })}
            disabled={tx.busy}
            {...invalidProps(FIELD.kind, errors[FIELD.kind])}
          >
            <option value="">Choose a flow…</option>
            {FLOW_KINDS.map((k) => (
              <option key={k} value={k}>
                {FLOW_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
        <div className="checks">
          <label className="check">
            <input type="checkbox" checked={form.clusterActivity} onChange={(e) => update({ clusterActivity: e.target.checked })} disabled={tx.busy} />
            Cluster activity
          </label>
          <span className="field-hint">Unchecked, the link is drawn dashed: trade outside the cluster's joint work.</span>
        </div>
      </div>
      <SubmitBar errors={errors} tx={tx} label="Add link" busyLabel="Adding…" />
    </form>
  );
}
