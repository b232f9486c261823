// The index tables of the cluster-registration service.
import { bigint, integer, nullable, oneOf, table, text, type AnyTable } from "../../db/table.js";
import {
  ADMISSION_POLICIES,
  CLUSTER_STATUSES,
  FLOW_KINDS,
  MEMBER_KINDS,
  MEMBER_ROLES,
  PROPOSAL_KINDS,
  VOTE_SUPPORT,
  withoutNone,
} from "../../../core/chain/enums.js";

/** What an initiative group votes on: forming a cluster, or dissolving one. */
export const INITIATIVE_PURPOSES = ["formation", "dissolution"] as const;

/** How a proposal ended, once it did (its other states follow from the tally and the clock). */
export const PROPOSAL_OUTCOMES = ["executed", "canceled"] as const;

export const clusters = table(
  "clusters",
  {
    id: bigint,
    name: text,
    cdo: text,
    registered_by: text,
    status: oneOf(CLUSTER_STATUSES),
    config_version: bigint,
    membership: nullable(text),
    created_block: bigint,
    created_at: bigint,
    voting_period: nullable(bigint),
    quorum_bps: nullable(integer),
    approval_threshold_bps: nullable(integer),
    admission_policy: nullable(oneOf(ADMISSION_POLICIES)),
    documents_must_be_encrypted: nullable(integer),
    core_veto: nullable(integer),
    clearing_cycle_length: nullable(bigint),
    settlement_token: nullable(text),
    // Fixed when the cluster was registered (ClusterWindDownPeriod); NULL before that event.
    wind_down_period: nullable(bigint),
  },
  { primaryKey: ["id"], indexes: { clusters_status: ["status"], clusters_cdo: ["cdo"] } },
);

export const clusterStatusHistory = table(
  "cluster_status_history",
  {
    cluster_id: bigint,
    from_status: oneOf(CLUSTER_STATUSES),
    to_status: oneOf(CLUSTER_STATUSES),
    block_number: bigint,
    log_index: integer,
    time: bigint,
    tx_hash: text,
  },
  { primaryKey: ["cluster_id", "block_number", "log_index"] },
);

export const components = table(
  "components",
  {
    cluster_id: bigint,
    kind: text,
    address: text,
    block_number: bigint,
  },
  { primaryKey: ["cluster_id", "kind"], indexes: { components_address: ["address"] } },
);

export const members = table(
  "members",
  {
    cluster_id: bigint,
    address: text,
    node_id: bigint,
    name: text,
    kind: oneOf(MEMBER_KINDS),
    role: oneOf(withoutNone(MEMBER_ROLES)),
    registration_cid: text,
    encryption_key: nullable(text),
    joined_block: bigint,
    joined_at: bigint,
  },
  { primaryKey: ["cluster_id", "address"], indexes: { members_address: ["address"] } },
);

export const partners = table(
  "partners",
  {
    cluster_id: bigint,
    node_id: bigint,
    name: text,
    block_number: bigint,
  },
  { primaryKey: ["cluster_id", "node_id"] },
);

export const links = table(
  "links",
  {
    cluster_id: bigint,
    link_id: bigint,
    from_node: bigint,
    to_node: bigint,
    kind: oneOf(FLOW_KINDS),
    cluster_activity: integer,
    active: integer,
    block_number: bigint,
  },
  { primaryKey: ["cluster_id", "link_id"] },
);

export const roleGrants = table(
  "role_grants",
  {
    contract: text,
    role: text,
    account: text,
    block_number: bigint,
  },
  { primaryKey: ["contract", "role", "account"] },
);

/** Governor proposals. Ids are uint256 hashes: decimal TEXT. The state is not stored: it follows from the outcome, the tally and the deadline against the latest indexed block time (read time). required_quorum is ceil(quorum_bps x seats / 10000) with the seats counted when the proposal was indexed (the core's when core_only), as the governor's proposalQuorum counts them. */
export const proposals = table(
  "proposals",
  {
    cluster_id: bigint,
    proposal_id: text,
    governor: text,
    kind: oneOf(PROPOSAL_KINDS),
    proposer: text,
    description: text,
    payload_json: nullable(text),
    vote_start: bigint,
    vote_end: bigint,
    quorum_bps: nullable(integer),
    threshold_bps: nullable(integer),
    vetoable: integer,
    core_only: integer,
    required_quorum: nullable(bigint),
    for_votes: bigint,
    against_votes: bigint,
    abstain_votes: bigint,
    vetoed_by: nullable(text),
    outcome: nullable(oneOf(PROPOSAL_OUTCOMES)),
    outcome_block: nullable(bigint),
    outcome_at: nullable(bigint),
    created_block: bigint,
    created_log: integer,
    created_at: bigint,
    created_tx: text,
  },
  { primaryKey: ["cluster_id", "proposal_id"] },
);

export const proposalVotes = table(
  "proposal_votes",
  {
    cluster_id: bigint,
    proposal_id: text,
    voter: text,
    support: oneOf(VOTE_SUPPORT),
    weight: bigint,
    reason: text,
    by_signature: integer,
    block_number: bigint,
    log_index: integer,
    time: bigint,
    tx_hash: text,
  },
  { primaryKey: ["cluster_id", "proposal_id", "voter"] },
);

/** Initiative groups: to form a cluster (formation) or to dissolve one (dissolution). */
export const initiatives = table(
  "initiatives",
  {
    cluster_id: bigint,
    proposal_id: text,
    purpose: oneOf(INITIATIVE_PURPOSES),
    registered_by: text,
    block_number: bigint,
    time: bigint,
    tx_hash: text,
  },
  { primaryKey: ["cluster_id", "proposal_id"] },
);

/** Every table of this service. */
export const TABLES: readonly AnyTable[] = [
  clusters,
  clusterStatusHistory,
  components,
  members,
  partners,
  links,
  roleGrants,
  proposals,
  proposalVotes,
  initiatives,
];
