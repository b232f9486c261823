import type { ProposalKindName, SupportName } from "../api/types.js";

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

/** The three choices of a vote, in the order they are offered and counted. */
export const SUPPORT_LABEL: Record<SupportName, string> = { for: "For", against: "Against", abstain: "Abstain" };
export const SUPPORTS = Object.keys(SUPPORT_LABEL) as SupportName[];
