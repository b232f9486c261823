// The index tables of the service-configuration service.
import { bigint, integer, nullable, oneOf, table, text, type AnyTable } from "../../db/table.js";
import { REPOSITORIES, SERVICE_STATUSES, withoutNone } from "../../../core/chain/enums.js";
import { DELIVERY_STATUSES } from "../../../core/api/schemas/services.js";

/** What a configuration version changed. */
export const CONFIG_CHANGE_TYPES = ["params", "serviceEnabled", "serviceDisabled", "serviceSettings"] as const;

export const services = table(
  "services",
  {
    id: bigint,
    name: text,
    repository: oneOf(REPOSITORIES),
    version: text,
    manifest_cid: text,
    status: oneOf(withoutNone(SERVICE_STATUSES)),
    registered_block: bigint,
    registered_tx: text,
  },
  { primaryKey: ["id"] },
);

export const serviceVersions = table(
  "service_versions",
  {
    service_id: bigint,
    version: text,
    manifest_cid: text,
    block_number: bigint,
    log_index: integer,
    tx_hash: text,
  },
  { primaryKey: ["service_id", "block_number", "log_index"] },
);

export const clusterConfigHistory = table(
  "cluster_config_history",
  {
    cluster_id: bigint,
    config_version: bigint,
    change_type: oneOf(CONFIG_CHANGE_TYPES),
    service_id: nullable(bigint),
    params_json: nullable(text),
    // serviceSettings: the settings document's CIDv0; NULL for the manifest's defaults.
    settings_cid: nullable(text),
    block_number: bigint,
    log_index: integer,
    time: bigint,
    tx_hash: text,
  },
  { primaryKey: ["cluster_id", "block_number", "log_index"] },
);

export const clusterServices = table(
  "cluster_services",
  {
    cluster_id: bigint,
    service_id: bigint,
    config_version: bigint,
  },
  { primaryKey: ["cluster_id", "service_id"] },
);

/** A service's settings outlive its being disabled (the registry keeps them), so they are apart from cluster_services. No row, or a NULL cid: the manifest's defaults. */
export const clusterServiceSettings = table(
  "cluster_service_settings",
  {
    cluster_id: bigint,
    service_id: bigint,
    settings_cid: nullable(text),
    config_version: bigint,
  },
  { primaryKey: ["cluster_id", "service_id"] },
);

/** Platform-wide settings from registry events (the wind-down period, the default parameters), as text. */
export const platformSettings = table(
  "platform_settings",
  {
    key: text,
    value: text,
  },
  { primaryKey: ["key"] },
);

/** Every applied event in chain order, with its arguments as JSON: what webhooks deliver, and the indexer's record of what it applied. */
export const chainEvents = table(
  "chain_events",
  {
    block_number: bigint,
    log_index: integer,
    block_hash: text,
    block_time: bigint,
    tx_hash: text,
    cluster_id: nullable(bigint),
    event: text,
    args_json: text,
  },
  { primaryKey: ["block_number", "log_index"], indexes: { chain_events_event: ["event", "block_number", "log_index"] } },
);

/** Webhook deliveries to external services (kept across index rebuilds, like uploads): one row per service and event, delivered in chain order per service and cluster, retried with backoff. */
export const webhookDeliveries = table(
  "webhook_deliveries",
  {
    service: text,
    id: text,
    scope: text,
    cluster_id: nullable(bigint),
    block_number: bigint,
    log_index: integer,
    event: text,
    payload: text,
    status: oneOf(DELIVERY_STATUSES),
    attempts: integer,
    next_attempt_at: bigint,
    last_error: nullable(text),
    created_at: bigint,
    delivered_at: nullable(bigint),
  },
  // The heads index finds each cluster's queue head in one index seek.
  { primaryKey: ["service", "id"], indexes: { webhook_deliveries_heads: ["service", "status", "cluster_id", "block_number", "log_index"] }, derived: false },
);

/** How far each service's subscriptions were read from chain_events, per chain and deployment. */
export const webhookCursors = table(
  "webhook_cursors",
  {
    service: text,
    scope: text,
    block_number: bigint,
    log_index: integer,
  },
  { primaryKey: ["service", "scope"], derived: false },
);

/** Every table of this service. */
export const TABLES: readonly AnyTable[] = [
  services,
  serviceVersions,
  clusterConfigHistory,
  clusterServices,
  clusterServiceSettings,
  platformSettings,
  chainEvents,
  webhookDeliveries,
  webhookCursors,
];
