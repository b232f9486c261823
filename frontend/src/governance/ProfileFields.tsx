import type { MemberKindName, RoleName } from "../api/types.js";
import { MEMBER_KIND_ORDER, ROLE_ORDER } from "../chain/encodings.js";
import { MEMBER_KIND_LABEL, ROLE_LABEL } from "../ui/labels.js";

export interface ProfileForm {
  name: string;
  kind: MemberKindName;
  registrationCid: string;
  role: RoleName;
}

export const EMPTY_PROFILE: ProfileForm = { name: "", kind: "enterprise", registrationCid: "", role: "participant" };

/** A member's profile and role, as an applicant or an admission proposal gives them. */
export function ProfileFields({ value, onChange, prefix }: { value: ProfileForm; onChange: (v: ProfileForm) => void; prefix: string }) {
  const set = (patch: Partial<ProfileForm>) => onChange({ ...value, ...patch });
  return (
    <div className="form-grid two">
      <div className="field">
        <label htmlFor={`${prefix}-name`}>Organisation name</label>
        <input id={`${prefix}-name`} value={value.name} onChange={(e) => set({ name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-kind`}>Organisation kind</label>
        <select id={`${prefix}-kind`} value={value.kind} onChange={(e) => set({ kind: e.target.value as MemberKindName })}>
          {MEMBER_KIND_ORDER.map((k) => (
            <option key={k} value={k}>
              {MEMBER_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-cid`}>Registration document CID</label>
        <input id={`${prefix}-cid`} className="mono" value={value.registrationCid} onChange={(e) => set({ registrationCid: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-role`}>Role</label>
        <select id={`${prefix}-role`} value={value.role} onChange={(e) => set({ role: e.target.value as RoleName })}>
          {ROLE_ORDER.filter((r): r is RoleName => r !== "none").map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** The on-chain shape of a profile (no encryption key yet: the member publishes it later). */
export function profileStruct(p: ProfileForm) {
  return { name: p.name.trim(), kind: MEMBER_KIND_ORDER.indexOf(p.kind), registrationCid: p.registrationCid.trim(), encryptionKey: "0x" };
}

export const roleValue = (role: RoleName) => ROLE_ORDER.indexOf(role);
