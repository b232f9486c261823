import type { ServiceManifest } from "../manifest.js";

export const memberRegistration: ServiceManifest = {
  manifestVersion: 1,
  id: "member-registration",
  repository: "basic",
  version: "1.0.0",
  title: "Member registration",
  description: "Applications to join a cluster, their sponsors, and admission by the cluster's policy.",
  routes: [{ method: "GET", path: "/api/clusters/:id/applications", access: "signedIn" }],
  tables: ["applications"],
  events: [
    "ClusterGovernor.ApplicationSubmitted",
    "ClusterGovernor.ApplicationSponsored",
    "ClusterGovernor.ApplicationDecided",
    "ClusterGovernor.AdmissionProposed",
  ],
  notifications: [],
  pages: [],
  scopes: [
    { id: "applications.submit", description: "Apply to join the cluster", holders: ["anyone"] },
    { id: "applications.sponsor", description: "Sponsor an application, which puts it to the vote", holders: ["member"] },
  ],
  health: { kind: "index", description: "The indexer follows the cluster's Governor" },
};
