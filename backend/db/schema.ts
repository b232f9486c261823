/**
 * The index's tables. Plain SQL types only (TEXT, INTEGER, BIGINT) so the same statements run
 * on PostgreSQL: flags are 0/1 integers, addresses lowercase hex text, enum values their API
 * names, times unix seconds. Everything below `meta` and `auth_nonces` is derived from chain
 * events and is dropped and rebuilt when the chain or the deployment changes.
 */
export const SCHEMA_VERSION = 1;

export const INDEX_TABLES = [
  "applied_logs",
  "services",
  "service_versions",
  "clusters",
  "cluster_status_history",
  "cluster_config_history",
  "cluster_services",
  "components",
  "members",
  "partners",
  "links",
  "role_grants",
] as const;

export type IndexTable = (typeof INDEX_TABLES)[number];

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS applied_logs (
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  block_number BIGINT NOT NULL,
  address TEXT NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (block_hash, log_index)
);

CREATE TABLE IF NOT EXISTS services (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  repository TEXT NOT NULL,
  version TEXT NOT NULL,
  manifest_cid TEXT NOT NULL,
  status TEXT NOT NULL,
  registered_block BIGINT NOT NULL,
  registered_tx TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS service_versions (
  service_id BIGINT NOT NULL,
  version TEXT NOT NULL,
  manifest_cid TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (service_id, block_number, log_index)
);

CREATE TABLE IF NOT EXISTS clusters (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  cdo TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  status TEXT NOT NULL,
  config_version BIGINT NOT NULL,
  membership TEXT,
  created_block BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  voting_period BIGINT,
  quorum_bps INTEGER,
  approval_threshold_bps INTEGER,
  admission_policy TEXT,
  documents_must_be_encrypted INTEGER,
  core_veto INTEGER,
  clearing_cycle_length BIGINT,
  settlement_token TEXT
);
CREATE INDEX IF NOT EXISTS clusters_status ON clusters (status);
CREATE INDEX IF NOT EXISTS clusters_cdo ON clusters (cdo);

CREATE TABLE IF NOT EXISTS cluster_status_history (
  cluster_id BIGINT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  time BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (cluster_id, block_number, log_index)
);

CREATE TABLE IF NOT EXISTS cluster_config_history (
  cluster_id BIGINT NOT NULL,
  config_version BIGINT NOT NULL,
  change_type TEXT NOT NULL,
  service_id BIGINT,
  params_json TEXT,
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  time BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (cluster_id, block_number, log_index)
);

CREATE TABLE IF NOT EXISTS cluster_services (
  cluster_id BIGINT NOT NULL,
  service_id BIGINT NOT NULL,
  config_version BIGINT NOT NULL,
  PRIMARY KEY (cluster_id, service_id)
);

CREATE TABLE IF NOT EXISTS components (
  cluster_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  address TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  PRIMARY KEY (cluster_id, kind)
);
CREATE INDEX IF NOT EXISTS components_address ON components (address);

CREATE TABLE IF NOT EXISTS members (
  cluster_id BIGINT NOT NULL,
  address TEXT NOT NULL,
  node_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  registration_cid TEXT NOT NULL,
  encryption_key TEXT,
  joined_block BIGINT NOT NULL,
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (cluster_id, address)
);
CREATE INDEX IF NOT EXISTS members_address ON members (address);

CREATE TABLE IF NOT EXISTS partners (
  cluster_id BIGINT NOT NULL,
  node_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  PRIMARY KEY (cluster_id, node_id)
);

CREATE TABLE IF NOT EXISTS links (
  cluster_id BIGINT NOT NULL,
  link_id BIGINT NOT NULL,
  from_node BIGINT NOT NULL,
  to_node BIGINT NOT NULL,
  kind TEXT NOT NULL,
  cluster_activity INTEGER NOT NULL,
  active INTEGER NOT NULL,
  block_number BIGINT NOT NULL,
  PRIMARY KEY (cluster_id, link_id)
);

CREATE TABLE IF NOT EXISTS role_grants (
  contract TEXT NOT NULL,
  role TEXT NOT NULL,
  account TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  PRIMARY KEY (contract, role, account)
);

CREATE TABLE IF NOT EXISTS auth_nonces (
  nonce TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
`;
