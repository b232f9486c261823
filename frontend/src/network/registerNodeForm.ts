import type { RegisteredNode } from "../api/types.js";
import type { Checked, FieldErrors } from "../forms/validation.js";
import { parseEnode, type Enode } from "./enode.js";

// The node registration form: a cluster the account is an active member of, and the node's enode
// URL, checked as NodeRegistry.registerNode checks them (every problem at once).

export interface RegisterNodeForm {
  clusterId: string;
  enode: string;
}

export const FIELD = { cluster: "node-cluster", enode: "node-enode" } as const;

export const emptyRegisterNodeForm = (clusterIds: number[]): RegisterNodeForm => ({
  // With one cluster to choose from, it is chosen.
  clusterId: clusterIds.length === 1 ? String(clusterIds[0]) : "",
  enode: "",
});

export interface NodeRegistration extends Enode {
  clusterId: number;
}

/**
 * `clusterIds` are the active clusters the account is a member of (the contract refuses any
 * other); `own` the account's registered nodes, so re-registering a live one is caught here.
 */
export function checkRegisterNodeForm(form: RegisterNodeForm, clusterIds: readonly number[], own: readonly RegisteredNode[]): Checked<NodeRegistration> {
  const errors: FieldErrors = {};
  const clusterId = Number(form.clusterId);
  if (form.clusterId === "") errors[FIELD.cluster] = "Choose the cluster the node serves.";
  else if (!clusterIds.includes(clusterId)) errors[FIELD.cluster] = `You are not a member of an active cluster #${form.clusterId}.`;

  const enode = parseEnode(form.enode);
  if (!enode.ok) errors[FIELD.enode] = enode.problems.join("\n");
  else {
    const live = own.find((n) => n.node.toLowerCase() === enode.value.node.toLowerCase() && (n.status === "pending" || n.status === "approved"));
    if (live) errors[FIELD.enode] = `This node (${enode.value.node}) is already registered and ${live.status}.`;
  }
  if (Object.keys(errors).length > 0 || !enode.ok) return { ok: false, errors };
  return { ok: true, value: { ...enode.value, clusterId } };
}
