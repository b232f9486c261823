import type { ProposalKindName, ProposalStateName } from "../api/types.js";

export const KIND_LABEL: Record<ProposalKindName, string> = {
  admission: "Admission",
  expulsion: "Expulsion",
  params: "Security parameters",
  service: "Service",
  dissolution: "Dissolution",
  formation: "Formation",
  role: "Role change",
  cdo: "CDO change",
  settings: "Service settings",
  none: "Other",
};

export const STATE_LABEL: Record<ProposalStateName, string> = {
  pending: "Pending",
  active: "Voting",
  defeated: "Defeated",
  succeeded: "Passed",
  executed: "Executed",
  canceled: "Canceled",
  vetoed: "Vetoed",
};

export const STATE_TONE: Record<ProposalStateName, "neutral" | "info" | "good" | "warn" | "bad" | "accent"> = {
  pending: "neutral",
  active: "info",
  defeated: "bad",
  succeeded: "accent",
  executed: "good",
  canceled: "neutral",
  vetoed: "bad",
};
