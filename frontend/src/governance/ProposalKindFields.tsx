import type { ClusterDetail, Member, Service } from "../api/types.js";
import { Field, invalidProps } from "../forms/Field.js";
import { SecurityParamsFields } from "../forms/SecurityParamsFields.js";
import type { FieldErrors } from "../forms/validation.js";
import { shortAddress } from "../ui/Address.js";
import { ProfileFields } from "./ProfileFields.js";
import { FIELD, PROFILE_PREFIX, type ProposalForm } from "./proposalForm.js";

interface Props {
  form: ProposalForm;
  update: (patch: Partial<ProposalForm>) => void;
  errors: FieldErrors;
  disabled: boolean;
  cluster: ClusterDetail;
  members: readonly Member[] | undefined;
  services: readonly Service[] | undefined;
}

/** The fields of the chosen kind of proposal (a dissolution has none). */
export function ProposalKindFields({ form, update, errors, disabled, cluster, members, services }: Props) {
  const input = (id: string) => ({ id, disabled, ...invalidProps(id, errors[id]) });
  switch (form.kind) {
    case "admission":
      return (
        <>
          <Field id={FIELD.account} label="Applicant address" error={errors[FIELD.account]}>
            <input
              {...input(FIELD.account)}
              className="mono"
              value={form.account}
              onChange={(e) => update({ account: e.target.value })}
              placeholder="0x…"
              spellCheck={false}
              autoComplete="off"
            />
          </Field>
          <ProfileFields value={form.profile} onChange={(profile) => update({ profile })} prefix={PROFILE_PREFIX} errors={errors} disabled={disabled} />
        </>
      );
    case "expulsion":
    case "role":
      return (
        <div className="form-grid two">
          <Field id={FIELD.member} label="Member" error={errors[FIELD.member]}>
            <select {...input(FIELD.member)} value={form.member} onChange={(e) => update({ member: e.target.value })}>
              <option value="">Choose…</option>
              {(members ?? []).map((m) => (
                <option key={m.address} value={m.address}>
                  {m.name} ({shortAddress(m.address)})
                </option>
              ))}
            </select>
          </Field>
          {form.kind === "role" && (
            <Field id={FIELD.role} label="New role" error={errors[FIELD.role]}>
              <select {...input(FIELD.role)} value={form.newRole} onChange={(e) => update({ newRole: e.target.value as ProposalForm["newRole"] })}>
                <option value="core">Core</option>
                <option value="participant">Participant</option>
              </select>
            </Field>
          )}
        </div>
      );
    case "cdo":
      return (
        <Field id={FIELD.cdo} label="New CDO address" error={errors[FIELD.cdo]}>
          <input
            {...input(FIELD.cdo)}
            className="mono"
            value={form.newCdo}
            onChange={(e) => update({ newCdo: e.target.value })}
            placeholder="0x…"
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
      );
    case "params":
      return (
        <div id={FIELD.params} tabIndex={-1}>
          {errors[FIELD.params] && (
            <p className="field-error" role="alert">
              {errors[FIELD.params]}
            </p>
          )}
          <SecurityParamsFields value={form.params} onChange={(params) => update({ params })} errors={errors} prefix={FIELD.params} disabled={disabled} />
        </div>
      );
    case "service":
      return (
        <div className="form-grid two">
          <Field id={FIELD.service} label="Service" error={errors[FIELD.service]}>
            <select {...input(FIELD.service)} value={form.serviceId} onChange={(e) => update({ serviceId: e.target.value })}>
              <option value="">Choose…</option>
              {(services ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} {cluster.enabledServices.includes(s.id) ? "(enabled)" : ""}
                </option>
              ))}
            </select>
          </Field>
          <Field id={FIELD.action} label="Action">
            <select {...input(FIELD.action)} value={form.enable ? "enable" : "disable"} onChange={(e) => update({ enable: e.target.value === "enable" })}>
              <option value="enable">Enable</option>
              <option value="disable">Disable</option>
            </select>
          </Field>
        </div>
      );
    case "dissolution":
      return null;
  }
}
