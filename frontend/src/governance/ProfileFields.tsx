import type { MemberKindName, RoleName } from "../api/types.js";
import { MEMBER_KIND_ORDER, ROLE_ORDER } from "../chain/encodings.js";
import { Field, invalidProps } from "../forms/Field.js";
import type { FieldErrors } from "../forms/validation.js";
import { MEMBER_KIND_LABEL, ROLE_LABEL } from "../ui/labels.js";
import { profileField, type ProfileForm } from "./profileForm.js";

/** A member's profile and role, as an applicant or an admission proposal gives them. */
export function ProfileFields({
  value,
  onChange,
  prefix,
  errors,
  disabled,
}: {
  value: ProfileForm;
  onChange: (v: ProfileForm) => void;
  prefix: string;
  errors: FieldErrors;
  disabled?: boolean;
}) {
  const set = (patch: Partial<ProfileForm>) => onChange({ ...value, ...patch });
  const id = profileField(prefix);
  return (
    <div className="form-grid two">
      <Field id={id.name} label="Organisation name" error={errors[id.name]}>
        <input
          id={id.name}
          value={value.name}
          onChange={(e) => set({ name: e.target.value })}
          disabled={disabled}
          {...invalidProps(id.name, errors[id.name])}
        />
      </Field>
      <Field id={id.kind} label="Organisation kind">
        <select id={id.kind} value={value.kind} onChange={(e) => set({ kind: e.target.value as MemberKindName })} disabled={disabled}>
          {MEMBER_KIND_ORDER.map((k) => (
            <option key={k} value={k}>
              {MEMBER_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={id.cid}
        label="Registration document CID"
        hint="The content identifier of the organisation's registration document, such as bafk… or Qm…"
        error={errors[id.cid]}
      >
        <input
          id={id.cid}
          className="mono"
          value={value.registrationCid}
          onChange={(e) => set({ registrationCid: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          disabled={disabled}
          {...invalidProps(id.cid, errors[id.cid])}
        />
      </Field>
      <Field id={id.role} label="Role">
        <select id={id.role} value={value.role} onChange={(e) => set({ role: e.target.value as RoleName })} disabled={disabled}>
          {ROLE_ORDER.filter((r): r is RoleName => r !== "none").map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
