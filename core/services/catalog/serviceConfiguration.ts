import type { ServiceManifest } from "../manifest.js";

export const serviceConfiguration: ServiceManifest = {
  manifestVersion: 1,
  id: "service-configuration",
  repository: "system",
  version: "1.0.0",
  title: "Service configuration",
  description: "The service catalog and each cluster's versioned configuration: security parameters and enabled services.",
  routes: [
    { method: "GET", path: "/api/services", access: "public" },
    { method: "GET", path: "/api/services/manifest.schema.json", access: "public" },
    { method: "GET", path: "/api/services/:id", access: "public" },
    { method: "GET", path: "/api/clusters/:id/config/history", access: "memberOrCdc" },
  ],
  tables: ["services", "service_versions", "cluster_config_history", "cluster_services", "platform_settings"],
  events: [
    "ServiceCatalog.ServiceRegistered",
    "ServiceCatalog.ServiceVersionPublished",
    "ServiceCatalog.ServiceDeprecated",
    "ServiceCatalog.RoleGranted",
    "ServiceCatalog.RoleRevoked",
    "ClusterRegistry.SecurityParamsChanged",
    "ClusterRegistry.ServiceEnabled",
    "ClusterRegistry.ServiceDisabled",
    "ClusterRegistry.DefaultParamsChanged",
    "ClusterGovernor.ParamsProposed",
    "ClusterGovernor.ServiceProposed",
  ],
  notifications: [],
  pages: [
    { kind: "page", path: "catalog", title: "Service catalog" },
    { kind: "page", path: "cdc/configure", title: "Configure a cluster" },
    { kind: "cluster-tab", path: "configuration", title: "Configuration" },
  ],
  scopes: [
    { id: "catalog.publish", description: "Register services and publish their versions", holders: ["cdc"] },
    { id: "config.change", description: "Change a cluster's configuration (by the CDC while forming, by a passed proposal once active)", holders: ["cdc", "member"] },
  ],
  health: { kind: "index", description: "The indexer follows the catalog and the registry" },
};
