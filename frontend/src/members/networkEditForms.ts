import type { ClusterStatus, FlowKindName, NetworkLink, NetworkNode } from "../api/types.js";
import type { Checked, FieldErrors } from "../forms/validation.js";
import { FLOW_KINDS } from "./flowStyle.js";

// The CDO's network forms, checked as Membership.addPartner and addLink check them (every problem
// at once), so a transaction the contract would refuse is never sent.

export const FIELD = {
  partnerName: "network-partner-name",
  from: "network-link-from",
  to: "network-link-to",
  kind: "network-link-kind",
} as const;

/**
 * The contract refuses only an empty name (EmptyName); this cap is the browser's own, as the map
 * shows about 36 characters of a label and every byte of the name is paid for in gas.
 */
export const PARTNER_NAME_MAX = 100;

/** Membership's whenWritable: the network map can be edited only while the cluster is Forming or Active. */
export const networkWritable = (status: ClusterStatus): boolean => status === "forming" || status === "active";

/**
 * A node that currently holds a seat: the contract's isMember(accountOfNode). An expelled member's
 * node stays on the map with no role, and counts as a partner's for addLink.
 */
export const isSeatedMember = (node: NetworkNode): boolean => node.type === "member" && node.role !== undefined;

export interface PartnerForm {
  name: string;
}

export const emptyPartnerForm = (): PartnerForm => ({ name: "" });

export function checkPartnerForm(form: PartnerForm, nodes: readonly NetworkNode[]): Checked<{ name: string }> {
  const name = form.name.trim();
  let error: string | undefined;
  if (name === "") error = "The partner's name is required.";
  else if (name.length > PARTNER_NAME_MAX) error = `The name is ${name.length} characters long; keep it to ${PARTNER_NAME_MAX}.`;
  else {
    // Not a contract rule, but the editor tells nodes apart by name, as the cluster spec does.
    const same = nodes.find((n) => n.label.trim().toLowerCase() === name.toLowerCase());
    if (same) error = `Node #${same.id} is already called “${same.label}”; give the partner a name of its own.`;
  }
  return error ? { ok: false, errors: { [FIELD.partnerName]: error } } : { ok: true, value: { name } };
}

export interface LinkForm {
  /** Node ids as the selects hold them; "" while none is chosen. */
  from: string;
  to: string;
  kind: FlowKindName | "";
  clusterActivity: boolean;
}

export const emptyLinkForm = (): LinkForm => ({ from: "", to: "", kind: "", clusterActivity: true });

interface NewLink {
  from: number;
  to: number;
  /** The FlowKind enum value the contract takes. */
  kind: number;
  clusterActivity: boolean;
}

export function checkLinkForm(form: LinkForm, nodes: readonly NetworkNode[]): Checked<NewLink> {
  const errors: FieldErrors = {};
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // UnknownNode: both ends must be nodes of this cluster.
  const end = (raw: string, field: string, which: string): NetworkNode | undefined => {
    if (raw === "") {
      errors[field] = `Choose the node the flow goes ${which}.`;
      return undefined;
    }
    const node = byId.get(Number(raw));
    if (!node) errors[field] = `Node #${raw} is not on this cluster's map.`;
    return node;
  };
  const from = end(form.from, FIELD.from, "from");
  const to = end(form.to, FIELD.to, "to");
  // SelfLink
  if (from && to && from.id === to.id) errors[FIELD.to] = `A link joins two different nodes; “${to.label}” is already the From end.`;
  // PartnersOnlyLink
  else if (from && to && !isSeatedMember(from) && !isSeatedMember(to)) {
    errors[FIELD.to] = `“${from.label}” and “${to.label}” are both outside the cluster; a link needs a member at one end at least.`;
  }
  if (form.kind === "") errors[FIELD.kind] = "Choose what flows along the link.";
  if (Object.keys(errors).length > 0 || !from || !to || form.kind === "") return { ok: false, errors };
  return { ok: true, value: { from: from.id, to: to.id, kind: FLOW_KINDS.indexOf(form.kind), clusterActivity: form.clusterActivity } };
}

/** An active link of the CDO's drawing the same flow between the same nodes, if any: the contract allows a second one, so the form only says so. */
export const sameLink = (form: LinkForm, links: readonly NetworkLink[]): NetworkLink | undefined =>
  links.find((l) => l.source === undefined && String(l.from) === form.from && String(l.to) === form.to && l.kind === form.kind);

/**
 * A click on a node of the drawing while the editor is open: the first chooses the From end, the
 * second the To end, and a third starts a new pair.
 */
export function pickNode(form: LinkForm, nodeId: number): LinkForm {
  const id = String(nodeId);
  if (form.from === "" || form.to !== "") return { ...form, from: id, to: "" };
  return { ...form, to: id };
}
