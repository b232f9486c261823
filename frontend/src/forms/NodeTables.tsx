import type { Dispatch, SetStateAction } from "react";
import type { FlowKindName, MemberKindName, RoleName } from "../api/types.js";
import { FLOW_KIND_ORDER, MEMBER_KIND_ORDER } from "../chain/encodings.js";
import { invalidProps } from "./Field.js";
import type { FieldErrors } from "./validation.js";
import { FLOW_KIND_LABEL, MEMBER_KIND_LABEL, ROLE_LABEL } from "../ui/labels.js";
import { emptyFounder, emptyLink, emptyPartner, nodeOptions, type FounderRow, type LinkRow, type RegisterForm } from "../cdc/registerForm.js";
import { TableScroll } from "../ui/TableScroll.js";

interface TableProps {
  form: RegisterForm;
  setForm: Dispatch<SetStateAction<RegisterForm>>;
  errors: FieldErrors;
}

function RowError({ ids, errors }: { ids: string[]; errors: FieldErrors }) {
  const messages = ids.map((id) => errors[id]).filter(Boolean);
  if (messages.length === 0) return null;
  return (
    <tr className="row-error">
      <td colSpan={8}>
        {messages.map((m) => (
          <span key={m} className="field-error">
            {m}
          </span>
        ))}
      </td>
    </tr>
  );
}

export function FoundersTable({ form, setForm, errors }: TableProps) {
  const patch = (key: number, change: Partial<FounderRow>) =>
    setForm((f) => ({ ...f, founders: f.founders.map((r) => (r.key === key ? { ...r, ...change } : r)) }));
  const remove = (key: number) =>
    setForm((f) => ({
      ...f,
      founders: f.founders.filter((r) => r.key !== key),
      links: f.links.map((l) => ({ ...l, from: l.from === `f${key}` ? "" : l.from, to: l.to === `f${key}` ? "" : l.to })),
    }));
  return (
    <>
      <TableScroll label="Founding members">
        <table className="table form-table" data-testid="founders">
          <thead>
            <tr>
              <th className="num">Node</th>
              <th className="address-column">Address</th>
              <th>Name</th>
              <th className="kind-column">Kind</th>
              <th className="role-column">Role</th>
              <th className="cid-column">Registration CID</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {form.founders.map((r, i) => {
              const id = (field: string) => `founder-${r.key}-${field}`;
              return [
                <tr key={r.key}>
                  <td className="num muted">{i + 1}</td>
                  <td>
                    <input
                      id={id("account")}
                      className="mono"
                      aria-label={`Member ${i + 1} address`}
                      placeholder="0x…"
                      spellCheck={false}
                      value={r.account}
                      onChange={(e) => patch(r.key, { account: e.target.value })}
                      {...invalidProps(id("account"), errors[id("account")])}
                    />
                  </td>
                  <td>
                    <input
                      id={id("name")}
                      aria-label={`Member ${i + 1} name`}
                      value={r.name}
                      onChange={(e) => patch(r.key, { name: e.target.value })}
                      {...invalidProps(id("name"), errors[id("name")])}
                    />
                  </td>
                  <td>
                    <select aria-label={`Member ${i + 1} kind`} value={r.kind} onChange={(e) => patch(r.key, { kind: e.target.value as MemberKindName })}>
                      {MEMBER_KIND_ORDER.map((k) => (
                        <option key={k} value={k}>
                          {MEMBER_KIND_LABEL[k]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select aria-label={`Member ${i + 1} role`} value={r.role} onChange={(e) => patch(r.key, { role: e.target.value as RoleName })}>
                      {(["participant", "core"] as const).map((k) => (
                        <option key={k} value={k}>
                          {ROLE_LABEL[k]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      id={id("registrationCid")}
                      aria-label={`Member ${i + 1} registration CID`}
                      placeholder="optional"
                      spellCheck={false}
                      value={r.registrationCid}
                      onChange={(e) => patch(r.key, { registrationCid: e.target.value })}
                      {...invalidProps(id("registrationCid"), errors[id("registrationCid")])}
                    />
                  </td>
                  <td>
                    <button type="button" className="icon-button" aria-label={`Remove member ${i + 1}`} onClick={() => remove(r.key)}>
                      ×
                    </button>
                  </td>
                </tr>,
                <RowError key={`${r.key}-e`} ids={[id("account"), id("name"), id("registrationCid")]} errors={errors} />,
              ];
            })}
          </tbody>
        </table>
      </TableScroll>
      <button type="button" className="button small" onClick={() => setForm((f) => ({ ...f, founders: [...f.founders, emptyFounder()] }))}>
        + Add member
      </button>
    </>
  );
}

export function PartnersTable({ form, setForm, errors }: TableProps) {
  const remove = (key: number) =>
    setForm((f) => ({
      ...f,
      partners: f.partners.filter((r) => r.key !== key),
      links: f.links.map((l) => ({ ...l, from: l.from === `p${key}` ? "" : l.from, to: l.to === `p${key}` ? "" : l.to })),
    }));
  return (
    <>
      {form.partners.length > 0 && (
        <TableScroll label="Partners">
          <table className="table form-table" data-testid="partners">
            <thead>
              <tr>
                <th className="num">Node</th>
                <th>Name</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {form.partners.map((r, i) => {
                const id = `partner-${r.key}-name`;
                return [
                  <tr key={r.key}>
                    <td className="num muted">{form.founders.length + i + 1}</td>
                    <td>
                      <input
                        id={id}
                        aria-label={`Partner ${i + 1} name`}
                        value={r.name}
                        onChange={(e) => setForm((f) => ({ ...f, partners: f.partners.map((p) => (p.key === r.key ? { ...p, name: e.target.value } : p)) }))}
                        {...invalidProps(id, errors[id])}
                      />
                    </td>
                    <td>
                      <button type="button" className="icon-button" aria-label={`Remove partner ${i + 1}`} onClick={() => remove(r.key)}>
                        ×
                      </button>
                    </td>
                  </tr>,
                  <RowError key={`${r.key}-e`} ids={[id]} errors={errors} />,
                ];
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <button type="button" className="button small" onClick={() => setForm((f) => ({ ...f, partners: [...f.partners, emptyPartner()] }))}>
        + Add partner
      </button>
    </>
  );
}

export function LinksTable({ form, setForm, errors }: TableProps) {
  const options = nodeOptions(form);
  const patch = (key: number, change: Partial<LinkRow>) => setForm((f) => ({ ...f, links: f.links.map((r) => (r.key === key ? { ...r, ...change } : r)) }));
  const nodeSelect = (r: LinkRow, end: "from" | "to", label: string) => {
    const id = `link-${r.key}-${end}`;
    return (
      <select id={id} aria-label={label} value={r[end]} onChange={(e) => patch(r.key, { [end]: e.target.value })} {...invalidProps(id, errors[id])}>
        <option value="">Choose a node…</option>
        {options.map((o) => (
          <option key={o.ref} value={o.ref}>
            #{o.nodeId} {o.label}
            {o.partner ? " (partner)" : ""}
          </option>
        ))}
      </select>
    );
  };
  return (
    <>
      {form.links.length > 0 && (
        <TableScroll label="Links">
          <table className="table form-table" data-testid="links">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>From</th>
                <th>To</th>
                <th>Flow</th>
                <th>Cluster activity</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {form.links.map((r, i) => [
                <tr key={r.key}>
                  <td className="num muted">{i + 1}</td>
                  <td>{nodeSelect(r, "from", `Link ${i + 1} from`)}</td>
                  <td>{nodeSelect(r, "to", `Link ${i + 1} to`)}</td>
                  <td>
                    <select aria-label={`Link ${i + 1} flow`} value={r.kind} onChange={(e) => patch(r.key, { kind: e.target.value as FlowKindName })}>
                      {FLOW_KIND_ORDER.map((k) => (
                        <option key={k} value={k}>
                          {FLOW_KIND_LABEL[k]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        aria-label={`Link ${i + 1} is cluster activity`}
                        checked={r.clusterActivity}
                        onChange={(e) => patch(r.key, { clusterActivity: e.target.checked })}
                      />
                      {r.clusterActivity ? "Yes" : "No (dashed)"}
                    </label>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove link ${i + 1}`}
                      onClick={() => setForm((f) => ({ ...f, links: f.links.filter((l) => l.key !== r.key) }))}
                    >
                      ×
                    </button>
                  </td>
                </tr>,
                <RowError key={`${r.key}-e`} ids={[`link-${r.key}-from`, `link-${r.key}-to`]} errors={errors} />,
              ])}
            </tbody>
          </table>
        </TableScroll>
      )}
      <button
        type="button"
        className="button small"
        onClick={() => setForm((f) => ({ ...f, links: [...f.links, emptyLink()] }))}
        disabled={options.length < 2}
        title={options.length < 2 ? "Add at least two nodes first" : undefined}
      >
        + Add link
      </button>
    </>
  );
}
