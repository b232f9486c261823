import type { ServiceManifest } from "../manifest.js";

export const smartContracts: ServiceManifest = {
  manifestVersion: 1,
  id: "smart-contracts",
  repository: "applied",
  version: "1.0.0",
  title: "Agreements",
  description: "Agreements between participants with milestones whose acceptance becomes payment obligations.",
  component: "Agreements",
  routes: [
    { method: "GET", path: "/api/clusters/:id/agreements", access: "member" },
    { method: "GET", path: "/api/clusters/:id/agreements/:agreementId", access: "member" },
  ],
  tables: ["agreements", "agreement_parties", "agreement_versions", "agreement_milestones", "agreement_links", "payment_obligations"],
  events: [
    "AgreementRegistry.AgreementCreated",
    "AgreementRegistry.VersionProposed",
    "AgreementRegistry.AgreementSigned",
    "AgreementRegistry.VersionApproved",
    "AgreementRegistry.AgreementStatusChanged",
    "AgreementRegistry.AgreementActivated",
    "AgreementRegistry.MilestoneSuperseded",
    "AgreementRegistry.MilestoneDelivered",
    "AgreementRegistry.MilestoneAccepted",
    "AgreementRegistry.PaymentObligationCreated",
    "AgreementRegistry.TerminationRequested",
    "AgreementRegistry.DisputeRaised",
    "AgreementRegistry.ResolutionSigned",
  ],
  notifications: [],
  pages: [{ kind: "cluster-tab", path: "agreements", title: "Agreements" }],
  scopes: [
    { id: "agreements.propose", description: "Propose an agreement or an amendment", holders: ["member"] },
    { id: "agreements.approve", description: "Approve an agreement one is a party to", holders: ["member"] },
    { id: "agreements.accept", description: "Accept a delivered milestone", holders: ["member"] },
  ],
  health: { kind: "index", description: "The indexer follows the cluster's AgreementRegistry" },
};
