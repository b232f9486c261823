import type { AgreementKindName, DocumentKindName } from "../api/types.js";

export const DOCUMENT_KIND_LABEL: Record<DocumentKindName, string> = {
  registration: "Registration",
  contract: "Contract",
  report: "Report",
  invoice: "Invoice",
  other: "Other",
};

export const AGREEMENT_KIND_LABEL: Record<AgreementKindName, string> = {
  supply: "Supply",
  rnd: "R&D",
  licence: "Licence",
  services: "Services",
  other: "Other",
};
