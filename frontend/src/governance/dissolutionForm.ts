import type { ClusterSummary, ProposalSummary } from "../api/types.js";
import type { Checked, FieldErrors } from "../forms/validation.js";
import { repeats } from "./repeatedProposal.js";

// The CDC's dissolution initiative, checked as ClusterFactory.registerDissolutionInitiative and
// the cluster's governor check it: an active cluster (ClusterNotOpen otherwise), and grounds no
// earlier dissolution proposal of that cluster had (the proposal id hashes them).

export interface DissolutionForm {
  clusterId: string;
  grounds: string;
}

export const EMPTY_DISSOLUTION: DissolutionForm = { clusterId: "", grounds: "" };

export const FIELD = { cluster: "dissolution-cluster", grounds: "dissolution-description" } as const;

export interface CheckedDissolution {
  cluster: ClusterSummary;
  description: string;
}

/** `active` are the active clusters; `proposals` the chosen cluster's, when loaded; `now` names the default grounds. */
export function checkDissolutionForm(
  form: DissolutionForm,
  active: readonly ClusterSummary[] | undefined,
  proposals: readonly ProposalSummary[] | undefined,
  now: Date,
): Checked<CheckedDissolution> {
  const errors: FieldErrors = {};
  const cluster = active?.find((c) => String(c.id) === form.clusterId);
  if (form.clusterId === "") errors[FIELD.cluster] = "Choose the cluster to dissolve.";
  else if (active && !cluster) errors[FIELD.cluster] = `Cluster #${form.clusterId} is not active: only an active cluster can vote on its dissolution.`;
  const grounds = form.grounds.trim();
  if (grounds && repeats(proposals, "dissolution", grounds, {}))
    errors[FIELD.grounds] = "This cluster already voted on a dissolution with these grounds, and its governor opens a proposal once: word them differently.";
  if (Object.keys(errors).length > 0 || !cluster) return { ok: false, errors };
  // Without grounds, the time keeps the text (and so the proposal id) new.
  return { ok: true, value: { cluster, description: grounds || `Dissolve “${cluster.name}” (initiative of ${now.toISOString()})` } };
}
