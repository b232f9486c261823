/**
 * The index's tables. Plain SQL types only (TEXT, INTEGER, BIGINT) so the same statements run
 * on PostgreSQL: flags are 0/1 integers, addresses lowercase hex text, enum values their API
 * names, times unix seconds. Everything below `meta`, `document_uploads` and `auth_nonces` is derived from chain
 * events and is dropped and rebuilt when the chain or the deployment changes.
 */
export const SCHEMA_VERSION = 8;

export const INDEX_TABLES = [
  "applied_logs",
  "services",
  "service_versions",
  "clusters",
  "cluster_status_history",
  "cluster_config_history",
  "cluster_services",
  "cluster_service_settings",
  "components",
  "members",
  "partners",
  "links",
  "role_grants",
  "documents",
  "document_signers",
  "document_recipients",
  "agreements",
  "agreement_parties",
  "agreement_versions",
  "agreement_milestones",
  "agreement_links",
  "payment_obligations",
  "clearing_obligations",
  "clearing_cycles",
  "clearing_proposal_lines",
  "clearing_positions",
  "clearing_defaults",
  "platform_settings",
  "proposals",
  "proposal_votes",
  "applications",
  "initiatives",
  "chain_events",
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
  settlement_token TEXT,
  -- Fixed when the cluster was registered (ClusterWindDownPeriod); NULL before that event.
  wind_down_period BIGINT
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
  -- serviceSettings: the settings document's CIDv0; NULL for the manifest's defaults.
  settings_cid TEXT,
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

-- A service's settings outlive its being disabled (the registry keeps them), so they are apart
-- from cluster_services. No row, or a NULL cid: the manifest's defaults.
CREATE TABLE IF NOT EXISTS cluster_service_settings (
  cluster_id BIGINT NOT NULL,
  service_id BIGINT NOT NULL,
  settings_cid TEXT,
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

-- Per-cluster components. Amounts are token units as decimal TEXT: they reach 2^128, beyond
-- any SQL integer type, and are summed exactly in code.
CREATE TABLE IF NOT EXISTS documents (
  cluster_id BIGINT NOT NULL,
  document_id BIGINT NOT NULL,
  cid TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  author TEXT NOT NULL,
  previous_version BIGINT,
  superseded_by BIGINT,
  status TEXT NOT NULL,
  fully_signed INTEGER NOT NULL,
  revoked_by TEXT,
  anchored_block BIGINT NOT NULL,
  anchored_at BIGINT NOT NULL,
  anchored_tx TEXT NOT NULL,
  PRIMARY KEY (cluster_id, document_id)
);
CREATE INDEX IF NOT EXISTS documents_cid ON documents (cid);
CREATE INDEX IF NOT EXISTS documents_content_hash ON documents (content_hash);

CREATE TABLE IF NOT EXISTS document_signers (
  cluster_id BIGINT NOT NULL,
  document_id BIGINT NOT NULL,
  signer TEXT NOT NULL,
  named INTEGER NOT NULL,
  status TEXT NOT NULL,
  signed_block BIGINT,
  signed_at BIGINT,
  signed_tx TEXT,
  PRIMARY KEY (cluster_id, document_id, signer)
);

CREATE TABLE IF NOT EXISTS document_recipients (
  cluster_id BIGINT NOT NULL,
  document_id BIGINT NOT NULL,
  recipient TEXT NOT NULL,
  PRIMARY KEY (cluster_id, document_id, recipient)
);

CREATE TABLE IF NOT EXISTS agreements (
  cluster_id BIGINT NOT NULL,
  agreement_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  creator TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  proposed_version INTEGER NOT NULL,
  terms_cid TEXT,
  terms_hash TEXT,
  total_value TEXT,
  created_block BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_tx TEXT NOT NULL,
  -- The latest dispute raised (open while status is 'disputed').
  dispute_by TEXT,
  dispute_reason_cid TEXT,
  dispute_at BIGINT,
  dispute_tx TEXT,
  PRIMARY KEY (cluster_id, agreement_id)
);

CREATE TABLE IF NOT EXISTS agreement_parties (
  cluster_id BIGINT NOT NULL,
  agreement_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  party TEXT NOT NULL,
  signed_version INTEGER NOT NULL,
  signed_at BIGINT,
  terminating INTEGER NOT NULL,
  -- Agreed that the current dispute is resolved (reset when a dispute is raised or resolved).
  resolving INTEGER NOT NULL DEFAULT 0,
  -- Raised (or joined) the open dispute: its milestones wait for the resolution (reset when resolved).
  disputing INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cluster_id, agreement_id, position)
);

CREATE TABLE IF NOT EXISTS agreement_versions (
  cluster_id BIGINT NOT NULL,
  agreement_id BIGINT NOT NULL,
  version INTEGER NOT NULL,
  terms_cid TEXT NOT NULL,
  terms_hash TEXT NOT NULL,
  total_value TEXT NOT NULL,
  proposer TEXT,
  proposed_at BIGINT,
  proposed_tx TEXT,
  -- Set when every party signed this version (it came into force); NULL for a replaced proposal.
  approved_at BIGINT,
  PRIMARY KEY (cluster_id, agreement_id, version)
);

CREATE TABLE IF NOT EXISTS agreement_milestones (
  cluster_id BIGINT NOT NULL,
  agreement_id BIGINT NOT NULL,
  milestone_index BIGINT NOT NULL,
  version INTEGER NOT NULL,
  deliverer TEXT NOT NULL,
  payer TEXT NOT NULL,
  amount TEXT NOT NULL,
  due_date BIGINT NOT NULL,
  status TEXT NOT NULL,
  obligation_id BIGINT,
  PRIMARY KEY (cluster_id, agreement_id, milestone_index)
);

CREATE TABLE IF NOT EXISTS agreement_links (
  cluster_id BIGINT NOT NULL,
  agreement_id BIGINT NOT NULL,
  link_id BIGINT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  kind TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  PRIMARY KEY (cluster_id, agreement_id, from_address, to_address)
);

CREATE TABLE IF NOT EXISTS payment_obligations (
  cluster_id BIGINT NOT NULL,
  obligation_id BIGINT NOT NULL,
  agreement_id BIGINT NOT NULL,
  milestone_index BIGINT,
  payer TEXT NOT NULL,
  payee TEXT NOT NULL,
  amount TEXT NOT NULL,
  due_date BIGINT NOT NULL,
  block_number BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (cluster_id, obligation_id)
);

CREATE TABLE IF NOT EXISTS clearing_obligations (
  cluster_id BIGINT NOT NULL,
  obligation_id BIGINT NOT NULL,
  creditor TEXT NOT NULL,
  debtor TEXT NOT NULL,
  amount TEXT NOT NULL,
  outstanding TEXT NOT NULL,
  due_date BIGINT NOT NULL,
  reference_digest TEXT NOT NULL,
  status TEXT NOT NULL,
  cycle BIGINT,
  agreement_obligation_id BIGINT,
  created_block BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  -- Set when an unwind rolled part of it into the open cycle: the cycle it left, and the amount it
  -- carries there (what it adds to net positions from then on, instead of its amount).
  rolled_from BIGINT,
  rolled_amount TEXT,
  PRIMARY KEY (cluster_id, obligation_id)
);

CREATE TABLE IF NOT EXISTS clearing_cycles (
  cluster_id BIGINT NOT NULL,
  cycle BIGINT NOT NULL,
  cutoff BIGINT NOT NULL,
  phase TEXT NOT NULL,
  base_cycle BIGINT,
  obligations BIGINT NOT NULL,
  liquidity_needed TEXT,
  gross TEXT,
  members BIGINT,
  payments BIGINT,
  best_proposal BIGINT,
  best_total TEXT,
  best_proposer TEXT,
  window_end BIGINT,
  apply_deadline BIGINT,
  set_off_lapsed INTEGER NOT NULL DEFAULT 0,
  applied_total TEXT,
  funding_deadline BIGINT,
  token TEXT,
  funded TEXT NOT NULL,
  closed_at BIGINT,
  finished_at BIGINT,
  rolled_into BIGINT,
  -- A default: when unwinding began, the time by which an unwind must be proposed, and the unwind applied.
  unwinding_opened BIGINT,
  unwind_propose_by BIGINT,
  unwound_proposal BIGINT,
  unwound_rolled TEXT,
  PRIMARY KEY (cluster_id, cycle)
);

CREATE TABLE IF NOT EXISTS clearing_proposal_lines (
  cluster_id BIGINT NOT NULL,
  proposal_id BIGINT NOT NULL,
  chunk_index BIGINT NOT NULL,
  line INTEGER NOT NULL,
  obligation_id BIGINT NOT NULL,
  amount TEXT NOT NULL,
  PRIMARY KEY (cluster_id, proposal_id, chunk_index, line)
);

CREATE TABLE IF NOT EXISTS clearing_positions (
  cluster_id BIGINT NOT NULL,
  cycle BIGINT NOT NULL,
  member TEXT NOT NULL,
  net TEXT NOT NULL,
  funded TEXT NOT NULL,
  withdrawn TEXT NOT NULL,
  refunded TEXT NOT NULL,
  -- Unwound cycles: rolled into the next cycle as debtor minus as creditor (payout = funded + net + rolled).
  rolled TEXT NOT NULL DEFAULT '0',
  defaulted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cluster_id, cycle, member)
);

-- Defaults on record (MemberDefaulted): count is the member's defaults in its cluster so far.
CREATE TABLE IF NOT EXISTS clearing_defaults (
  cluster_id BIGINT NOT NULL,
  cycle BIGINT NOT NULL,
  member TEXT NOT NULL,
  shortfall TEXT NOT NULL,
  count BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  block_number BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (cluster_id, cycle, member)
);

-- Platform-wide settings from registry events (the wind-down period, the default parameters), as text.
CREATE TABLE IF NOT EXISTS platform_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Governor proposals. Ids are uint256 hashes: decimal TEXT. The state is not stored: it follows
-- from the outcome, the tally and the deadline against the latest indexed block time (read time).
-- required_quorum is ceil(quorum_bps x seats / 10000) with the seats counted when the proposal
-- was indexed (the core's when core_only), as the governor's proposalQuorum counts them.
CREATE TABLE IF NOT EXISTS proposals (
  cluster_id BIGINT NOT NULL,
  proposal_id TEXT NOT NULL,
  governor TEXT NOT NULL,
  kind TEXT NOT NULL,
  proposer TEXT NOT NULL,
  description TEXT NOT NULL,
  payload_json TEXT,
  vote_start BIGINT NOT NULL,
  vote_end BIGINT NOT NULL,
  quorum_bps INTEGER,
  threshold_bps INTEGER,
  vetoable INTEGER NOT NULL,
  core_only INTEGER NOT NULL,
  required_quorum BIGINT,
  for_votes BIGINT NOT NULL,
  against_votes BIGINT NOT NULL,
  abstain_votes BIGINT NOT NULL,
  vetoed_by TEXT,
  outcome TEXT,
  outcome_block BIGINT,
  outcome_at BIGINT,
  created_block BIGINT NOT NULL,
  created_log INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  created_tx TEXT NOT NULL,
  PRIMARY KEY (cluster_id, proposal_id)
);

CREATE TABLE IF NOT EXISTS proposal_votes (
  cluster_id BIGINT NOT NULL,
  proposal_id TEXT NOT NULL,
  voter TEXT NOT NULL,
  support TEXT NOT NULL,
  weight BIGINT NOT NULL,
  reason TEXT NOT NULL,
  by_signature INTEGER NOT NULL,
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  time BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (cluster_id, proposal_id, voter)
);

CREATE TABLE IF NOT EXISTS applications (
  cluster_id BIGINT NOT NULL,
  application_id BIGINT NOT NULL,
  applicant TEXT NOT NULL,
  name TEXT NOT NULL,
  member_kind TEXT NOT NULL,
  registration_cid TEXT NOT NULL,
  role TEXT NOT NULL,
  policy TEXT NOT NULL,
  proposal_id TEXT,
  status TEXT NOT NULL,
  -- The member that opened the admission vote (vote policies); NULL until sponsored.
  sponsor TEXT,
  decided_by TEXT,
  decided_at BIGINT,
  submitted_block BIGINT NOT NULL,
  submitted_at BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (cluster_id, application_id)
);

-- Initiative groups: to form a cluster (formation) or to dissolve one (dissolution).
CREATE TABLE IF NOT EXISTS initiatives (
  cluster_id BIGINT NOT NULL,
  proposal_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  time BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  PRIMARY KEY (cluster_id, proposal_id)
);

-- Each successful upload through the API: which account stored which content for which cluster.
-- Not derived from events, so it survives a rebuild of the index; a row counts only for the chain
-- and deployment it was made under (scope), since cluster ids belong to them. Who may download
-- content follows from it: an envelope's uploader, a plaintext's uploader and current members.
CREATE TABLE IF NOT EXISTS document_uploads (
  cid TEXT NOT NULL,
  cluster_id BIGINT NOT NULL,
  uploader TEXT NOT NULL,
  scope TEXT NOT NULL,
  encrypted INTEGER NOT NULL,
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (cid, cluster_id, uploader, scope)
);

-- Every applied event in chain order, with its arguments as JSON: what webhooks deliver.
CREATE TABLE IF NOT EXISTS chain_events (
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  block_time BIGINT NOT NULL,
  tx_hash TEXT NOT NULL,
  cluster_id BIGINT,
  event TEXT NOT NULL,
  args_json TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX IF NOT EXISTS chain_events_event ON chain_events (event, block_number, log_index);

-- Webhook deliveries to external services (kept across index rebuilds, like uploads): one row per
-- service and event, delivered in chain order per service and cluster, retried with backoff.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  service TEXT NOT NULL,
  id TEXT NOT NULL,
  scope TEXT NOT NULL,
  cluster_id BIGINT,
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  PRIMARY KEY (service, id)
);
-- Each cluster's queue head in one index seek (the earlier index made finding heads quadratic in the backlog).
DROP INDEX IF EXISTS webhook_deliveries_queue;
CREATE INDEX IF NOT EXISTS webhook_deliveries_heads ON webhook_deliveries (service, status, cluster_id, block_number, log_index);

-- How far each service's subscriptions were read from chain_events, per chain and deployment.
CREATE TABLE IF NOT EXISTS webhook_cursors (
  service TEXT NOT NULL,
  scope TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  PRIMARY KEY (service, scope)
);

CREATE TABLE IF NOT EXISTS auth_nonces (
  nonce TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
`;
