import type { ClusterDetail, Member, ProposalSummary, RoleName, SecurityParams, Service } from "../api/types.js";
import { enumIndex, ROLE_ORDER } from "../chain/encodings.js";
import { checkParamsForm, DEFAULT_PARAMS_FORM, paramsToForm, type ParamsForm } from "../forms/paramsForm.js";
import { parseAddress, type Checked, type FieldErrors } from "../forms/validation.js";
import { checkProfile, EMPTY_PROFILE, type CheckedProfile, type ProfileForm } from "./profileForm.js";
import { repeats, sameValue, type Payload } from "./repeatedProposal.js";
import type { IClusterRegistry } from "../../../types/typechain/index.js";

// The New proposal form, checked as ClusterGovernor's propose* functions check it and as the
// contracts that carry the decision out would refuse it on execution (every problem at once):
// an admission of a member (AlreadyAMember) or under CdoDecision (AdmissionPolicyForbids), an
// expulsion or role change of a non-member (NotAMember), parameters out of the registry's
// ranges, a service already enabled (ServiceAlreadyEnabled), not enabled (ServiceNotEnabled),
// withdrawn from the catalog (ServiceNotAvailable) or required (SystemServiceRequired), and a
// repeat of an earlier proposal (the id hashes the call and the description). A change to what
// is already in force (the same role, the same CDO, the same parameters) would pass a vote and
// change nothing: refused too.

export type Kind = "admission" | "expulsion" | "role" | "cdo" | "params" | "service" | "dissolution";

export const KINDS: { kind: Kind; label: string }[] = [
  { kind: "admission", label: "Admit a member" },
  { kind: "expulsion", label: "Expel a member" },
  { kind: "role", label: "Change a member's role" },
  { kind: "cdo", label: "Hand the CDO role over" },
  { kind: "params", label: "Change security parameters" },
  { kind: "service", label: "Enable or disable a service" },
  { kind: "dissolution", label: "Dissolve the cluster" },
];

export function isKind(value: string | null): value is Kind {
  return KINDS.some((k) => k.kind === value);
}

/** What another page opens the form with, e.g. the clearing's defaults list proposing an expulsion. */
export interface ProposalPreset {
  kind: Kind;
  member?: string;
  description?: string;
}

export const FIELD = {
  kind: "proposal-kind",
  description: "proposal-description",
  account: "proposal-account",
  member: "proposal-member",
  role: "proposal-role",
  cdo: "proposal-new-cdo",
  params: "proposal-params",
  service: "proposal-service",
  action: "proposal-enable",
} as const;
export const PROFILE_PREFIX = "proposal";

export interface ProposalForm {
  kind: Kind;
  description: string;
  /** admission */
  account: string;
  profile: ProfileForm;
  /** expulsion, role */
  member: string;
  newRole: RoleName;
  newCdo: string;
  params: ParamsForm;
  serviceId: string;
  enable: boolean;
}

export function emptyProposalForm(cluster: Pick<ClusterDetail, "params">, preset?: ProposalPreset): ProposalForm {
  return {
    kind: preset?.kind ?? "admission",
    description: preset?.description ?? "",
    account: "",
    profile: EMPTY_PROFILE,
    member: preset?.member ?? "",
    newRole: "core",
    newCdo: "",
    params: cluster.params ? paramsToForm(cluster.params) : { ...DEFAULT_PARAMS_FORM },
    serviceId: "",
    enable: true,
  };
}

/** What the form knows of the cluster; a list not loaded yet is not checked against. */
export interface ProposalContext {
  cluster: Pick<ClusterDetail, "cdo" | "params" | "enabledServices">;
  members: readonly Member[] | undefined;
  services: readonly Service[] | undefined;
  proposals: readonly ProposalSummary[] | undefined;
}

/** The governor call a checked form makes. */
export type ProposalCall =
  | ({ kind: "admission"; account: string } & CheckedProfile)
  | { kind: "expulsion"; member: string }
  | { kind: "role"; member: string; role: number }
  | { kind: "cdo"; newCdo: string }
  | { kind: "params"; params: IClusterRegistry.SecurityParamsStruct }
  | { kind: "service"; serviceId: number; enabled: boolean }
  | { kind: "dissolution" };

export interface CheckedProposal {
  /** As sent: the typed description, or the kind's label. */
  description: string;
  call: ProposalCall;
}

type Draft = { call?: ProposalCall; payload?: Payload };

export function checkProposalForm(form: ProposalForm, ctx: ProposalContext): Checked<CheckedProposal> {
  const errors: FieldErrors = {};
  const draft = DRAFT[form.kind](form, ctx, errors);
  const description = form.description.trim() || KINDS.find((k) => k.kind === form.kind)!.label;
  if (draft.call && draft.payload && repeats(ctx.proposals, form.kind, description, draft.payload))
    errors[FIELD.description] =
      `The same ${form.kind === "dissolution" ? "proposal" : "decision"} was already proposed with this description, and the governor opens a proposal once: change the description.`;
  if (Object.keys(errors).length > 0 || !draft.call) return { ok: false, errors };
  return { ok: true, value: { description, call: draft.call } };
}

const lower = (address: string) => address.toLowerCase();
const memberOf = (ctx: ProposalContext, address: string) => ctx.members?.find((m) => lower(m.address) === lower(address));

/** The member chosen in the form, who must hold a seat (NotAMember otherwise). */
function chosenMember(form: ProposalForm, ctx: ProposalContext, errors: FieldErrors, what: string): Member | string | undefined {
  if (!form.member) {
    errors[FIELD.member] = `Choose the member ${what}.`;
    return undefined;
  }
  if (!ctx.members) return form.member;
  const member = memberOf(ctx, form.member);
  if (!member) errors[FIELD.member] = `${form.member} is not a member of this cluster.`;
  return member;
}

const DRAFT: Record<Kind, (form: ProposalForm, ctx: ProposalContext, errors: FieldErrors) => Draft> = {
  admission(form, ctx, errors) {
    if (ctx.cluster.params?.admissionPolicy === "cdoDecision")
      errors[FIELD.kind] = "Under this cluster's admission policy the CDO decides on admissions: the applicant applies, and no vote is held.";
    const parsed = parseAddress(form.account, "The applicant's address");
    if (parsed.error) errors[FIELD.account] = parsed.error;
    else if (memberOf(ctx, parsed.address!)) errors[FIELD.account] = `${memberOf(ctx, parsed.address!)!.name} is already a member of this cluster.`;
    const profile = checkProfile(form.profile, PROFILE_PREFIX, errors);
    if (!parsed.address || !profile) return {};
    const { name, registrationCid } = profile.profile;
    return {
      call: { kind: "admission", account: parsed.address, ...profile },
      payload: { applicant: parsed.address, profile: { name, kind: form.profile.kind, registrationCid }, role: form.profile.role },
    };
  },
  expulsion(form, ctx, errors) {
    const member = chosenMember(form, ctx, errors, "to expel");
    if (!member) return {};
    return { call: { kind: "expulsion", member: form.member }, payload: { member: form.member } };
  },
  role(form, ctx, errors) {
    const member = chosenMember(form, ctx, errors, "whose role changes");
    if (typeof member === "object" && member.role === form.newRole)
      errors[FIELD.role] = `${member.name} is already ${form.newRole === "core" ? "a core member" : "a participant"}: choose the other role.`;
    if (!member || errors[FIELD.role]) return {};
    return {
      call: { kind: "role", member: form.member, role: enumIndex(ROLE_ORDER, form.newRole) },
      payload: { member: form.member, role: form.newRole },
    };
  },
  cdo(form, ctx, errors) {
    const parsed = parseAddress(form.newCdo, "The new CDO's address");
    if (parsed.error) errors[FIELD.cdo] = parsed.error;
    else if (lower(parsed.address!) === lower(ctx.cluster.cdo)) errors[FIELD.cdo] = "This account is already the cluster's CDO.";
    if (errors[FIELD.cdo]) return {};
    return { call: { kind: "cdo", newCdo: parsed.address! }, payload: { newCdo: parsed.address! } };
  },
  params(form, ctx, errors) {
    const checked = checkParamsForm(form.params, FIELD.params);
    if (!checked.ok) {
      Object.assign(errors, checked.errors);
      return {};
    }
    const params: SecurityParams = { ...apiParams(checked.value), admissionPolicy: form.params.admissionPolicy };
    if (ctx.cluster.params && sameValue(params, ctx.cluster.params)) {
      errors[FIELD.params] = "These are the parameters in force: change at least one.";
      return {};
    }
    return { call: { kind: "params", params: checked.value }, payload: { params } };
  },
  service(form, ctx, errors) {
    const error = serviceProblem(form, ctx);
    if (error) {
      errors[FIELD.service] = error;
      return {};
    }
    const serviceId = Number(form.serviceId);
    return { call: { kind: "service", serviceId, enabled: form.enable }, payload: { serviceId, enabled: form.enable } };
  },
  dissolution: () => ({ call: { kind: "dissolution" }, payload: {} }),
};

function serviceProblem(form: ProposalForm, ctx: ProposalContext): string | undefined {
  if (!form.serviceId) return "Choose a service.";
  const id = Number(form.serviceId);
  const service = ctx.services?.find((s) => s.id === id);
  const name = service?.name ?? `Service #${id}`;
  const enabled = ctx.cluster.enabledServices.includes(id);
  if (form.enable) {
    if (enabled) return `${name} is already enabled in this cluster.`;
    if (service?.status === "deprecated") return `${name} is deprecated in the catalog: it can no longer be enabled.`;
  } else {
    if (!enabled) return `${name} is not enabled in this cluster, so there is nothing to disable.`;
    if (service?.repository === "system" && service.status === "active") return `${name} is a system service: the platform needs it, so it cannot be disabled.`;
  }
  return undefined;
}

function apiParams(p: IClusterRegistry.SecurityParamsStruct): Omit<SecurityParams, "admissionPolicy"> {
  return {
    votingPeriod: Number(p.votingPeriod),
    quorumBps: Number(p.quorumBps),
    approvalThresholdBps: Number(p.approvalThresholdBps),
    documentsMustBeEncrypted: Boolean(p.documentsMustBeEncrypted),
    coreVeto: Boolean(p.coreVeto),
    clearingCycleLength: Number(p.clearingCycleLength),
    settlementToken: String(p.settlementToken),
  };
}
