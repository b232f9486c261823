import type { MemberKindName, RoleName, FlowKindName } from "../api/types.js";
import { enumIndex, FLOW_KIND_ORDER, MEMBER_KIND_ORDER, ROLE_ORDER } from "../chain/encodings.js";
import { parseAddress, parseCid, type Checked, type FieldErrors } from "../forms/validation.js";
import { checkParamsForm, DEFAULT_PARAMS_FORM, type ParamsForm } from "../forms/paramsForm.js";
import type { IClusterFactory } from "../../../types/typechain/index.js";

export interface FounderRow {
  key: number;
  account: string;
  name: string;
  kind: MemberKindName;
  role: RoleName;
  registrationCid: string;
}

export interface PartnerRow {
  key: number;
  name: string;
}

/** A link's ends refer to rows ("f3" = founder row key 3, "p1" = partner row key 1), not to
 * node ids, so removing a row cannot silently re-point a link at another node. */
export interface LinkRow {
  key: number;
  from: string;
  to: string;
  kind: FlowKindName;
  clusterActivity: boolean;
}

export interface RegisterForm {
  name: string;
  cdo: string;
  params: ParamsForm;
  serviceIds: number[];
  founders: FounderRow[];
  partners: PartnerRow[];
  links: LinkRow[];
}

let nextKey = 1;
export const newKey = () => nextKey++;

export const emptyFounder = (): FounderRow => ({ key: newKey(), account: "", name: "", kind: "enterprise", role: "participant", registrationCid: "" });
export const emptyPartner = (): PartnerRow => ({ key: newKey(), name: "" });
export const emptyLink = (): LinkRow => ({ key: newKey(), from: "", to: "", kind: "material", clusterActivity: true });

export function emptyRegisterForm(): RegisterForm {
  return { name: "", cdo: "", params: { ...DEFAULT_PARAMS_FORM }, serviceIds: [], founders: [emptyFounder()], partners: [], links: [] };
}

export interface NodeOption {
  ref: string;
  nodeId: number;
  label: string;
  partner: boolean;
}

/** Node ids as Membership will number them: founders from 1 in order, then partners. */
export function nodeOptions(form: RegisterForm): NodeOption[] {
  return [
    ...form.founders.map((f, i) => ({ ref: `f${f.key}`, nodeId: i + 1, label: f.name.trim() || "(unnamed member)", partner: false })),
    ...form.partners.map((p, i) => ({
      ref: `p${p.key}`,
      nodeId: form.founders.length + i + 1,
      label: p.name.trim() || "(unnamed partner)",
      partner: true,
    })),
  ];
}

export function checkRegisterForm(form: RegisterForm): Checked<IClusterFactory.ClusterSpecStruct> {
  const errors: FieldErrors = {};
  const name = form.name.trim();
  if (!name) errors["cluster-name"] = "Cluster name is required.";
  else if (name.length > 120) errors["cluster-name"] = "Cluster name must be at most 120 characters.";
  const cdo = parseAddress(form.cdo, "CDO address");
  if (cdo.error) errors["cluster-cdo"] = cdo.error;

  const params = checkParamsForm(form.params);
  if (!params.ok) Object.assign(errors, params.errors);

  if (form.founders.length === 0) errors["founders"] = "Add at least one founding member.";
  const accounts = new Map<string, number>();
  const names = new Map<string, string>();
  const nameKey = (s: string) => s.trim().toLowerCase();
  form.founders.forEach((f, i) => {
    const row = `Member ${i + 1}`;
    const parsed = parseAddress(f.account, `${row}: address`);
    if (parsed.error) errors[`founder-${f.key}-account`] = parsed.error;
    else {
      const lower = parsed.address!.toLowerCase();
      if (accounts.has(lower))
        errors[`founder-${f.key}-account`] = `${row}: this address is already member ${accounts.get(lower)! + 1}; each address holds one seat.`;
      else accounts.set(lower, i);
    }
    if (!f.name.trim()) errors[`founder-${f.key}-name`] = `${row}: name is required.`;
    else if (names.has(nameKey(f.name)))
      errors[`founder-${f.key}-name`] = `${row}: the name "${f.name.trim()}" is already used by ${names.get(nameKey(f.name))}.`;
    else names.set(nameKey(f.name), row);
    const registration = parseCid(f.registrationCid, `${row}: the registration document`);
    if (registration.error) errors[`founder-${f.key}-registrationCid`] = registration.error;
  });
  form.partners.forEach((p, i) => {
    const row = `Partner ${i + 1}`;
    if (!p.name.trim()) errors[`partner-${p.key}-name`] = `${row}: name is required.`;
    else if (names.has(nameKey(p.name)))
      errors[`partner-${p.key}-name`] = `${row}: the name "${p.name.trim()}" is already used by ${names.get(nameKey(p.name))}.`;
    else names.set(nameKey(p.name), row);
  });

  const options = new Map(nodeOptions(form).map((o) => [o.ref, o]));
  const seenLinks = new Set<string>();
  form.links.forEach((l, i) => {
    const row = `Link ${i + 1}`;
    const from = options.get(l.from);
    const to = options.get(l.to);
    if (!from) errors[`link-${l.key}-from`] = `${row}: choose where the flow starts.`;
    if (!to) errors[`link-${l.key}-to`] = `${row}: choose where the flow goes.`;
    if (!from || !to) return;
    if (from.ref === to.ref) errors[`link-${l.key}-to`] = `${row}: a link must connect two different nodes.`;
    else if (from.partner && to.partner)
      errors[`link-${l.key}-to`] = `${row}: a link between two external partners is outside the cluster; connect a partner to a member.`;
    else {
      const key = `${l.from}-${l.to}-${l.kind}`;
      if (seenLinks.has(key)) errors[`link-${l.key}-to`] = `${row}: the same flow between these nodes is already listed.`;
      seenLinks.add(key);
    }
  });

  if (Object.keys(errors).length > 0 || !params.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      cdo: cdo.address!,
      params: params.value,
      serviceIds: [...form.serviceIds].sort((a, b) => a - b),
      founders: form.founders.map((f) => ({
        account: parseAddress(f.account, "").address!,
        profile: { name: f.name.trim(), kind: enumIndex(MEMBER_KIND_ORDER, f.kind), registrationCid: f.registrationCid.trim(), encryptionKey: "0x" },
        role: enumIndex(ROLE_ORDER, f.role),
      })),
      partners: form.partners.map((p) => p.name.trim()),
      links: form.links.map((l) => ({
        from: options.get(l.from)!.nodeId,
        to: options.get(l.to)!.nodeId,
        kind: enumIndex(FLOW_KIND_ORDER, l.kind),
        clusterActivity: l.clusterActivity,
      })),
    },
  };
}
