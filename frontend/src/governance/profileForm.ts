import type { MemberKindName, RoleName } from "../api/types.js";
import { enumIndex, MEMBER_KIND_ORDER, ROLE_ORDER } from "../chain/encodings.js";
import { parseCid, type FieldErrors } from "../forms/validation.js";
import type { IMembership } from "../../../types/typechain/index.js";

// A member's profile and role as an applicant or an admission proposal gives them, checked as
// Membership.admit checks them (EmptyName, InvalidRole), and the registration document as the
// content store names it.

export interface ProfileForm {
  name: string;
  kind: MemberKindName;
  registrationCid: string;
  role: RoleName;
}

export const EMPTY_PROFILE: ProfileForm = { name: "", kind: "enterprise", registrationCid: "", role: "participant" };

/** The ids of the profile's inputs: `${prefix}-name` and so on. */
export const profileField = (prefix: string) => ({
  name: `${prefix}-name`,
  kind: `${prefix}-kind`,
  cid: `${prefix}-cid`,
  role: `${prefix}-role`,
});

export interface CheckedProfile {
  /** The on-chain shape (no encryption key yet: the member publishes it later). */
  profile: IMembership.ProfileStruct;
  role: number;
}

/** Adds the profile's problems to `errors`; returns the profile when it has none. */
export function checkProfile(form: ProfileForm, prefix: string, errors: FieldErrors): CheckedProfile | undefined {
  const ids = profileField(prefix);
  const name = form.name.trim();
  const before = Object.keys(errors).length;
  if (!name) errors[ids.name] = "The organisation's name is required: the chain refuses a member without one.";
  const cid = parseCid(form.registrationCid, "The registration document", { allowEmpty: false });
  if (cid.error) errors[ids.cid] = cid.error;
  if (Object.keys(errors).length > before) return undefined;
  return {
    profile: { name, kind: enumIndex(MEMBER_KIND_ORDER, form.kind), registrationCid: cid.cid!, encryptionKey: "0x" },
    role: enumIndex(ROLE_ORDER, form.role),
  };
}
