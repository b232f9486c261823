import type { Db } from "../../db/db.js";
import { tokenUnit } from "../../tokens/reader.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import { Refusal } from "../../query/refusal.js";
import type { clusterDetail, clusterSummary, configChange, securityParams } from "../../../core/api/schemas/clusters.js";
import { isoFromUnix } from "../../query/time.js";
import type { ConfigChangeType } from "./registryHandlers.js";
import type { Row } from "../../db/table.js";
import type { clusters, components as componentsTable } from "./tables.js";
import type { clusterServices } from "../service-configuration/tables.js";
import { pageOf, type ListShape, type Page } from "../../query/page.js";
import { firstPage, type PageRequest } from "../../../core/api/schemas/page.js";
import type { ClusterSort } from "../../../core/api/schemas/clusters.js";

type ClusterSummary = z.input<typeof clusterSummary>;
type ClusterDetail = z.input<typeof clusterDetail>;
type ConfigChange = z.input<typeof configChange>;
type SecurityParams = z.input<typeof securityParams>;

type ClusterRow = Row<typeof clusters> & { member_count: number };

/** A cluster row's columns with its current member count. */
const CLUSTER_COLUMNS = "c.*, (SELECT COUNT(*) FROM members m WHERE m.cluster_id = c.id AND m.role <> 'none') AS member_count";

const SELECT_CLUSTER = `SELECT ${CLUSTER_COLUMNS} FROM clusters c`;

function summary(r: ClusterRow): ClusterSummary {
  return {
    id: r.id,
    name: r.name,
    cdo: r.cdo,
    // Every query here leaves out a registration not yet complete (status 'none').
    status: r.status as ClusterSummary["status"],
    configVersion: r.config_version,
    memberCount: r.member_count,
    membership: r.membership,
    createdAt: isoFromUnix(r.created_at),
  };
}

/** How the clusters list pages: by id (the default), name or creation time; `q` searches the name. */
const CLUSTER_LIST: ListShape<ClusterSort> = {
  sorts: { id: { sql: "c.id", kind: "number" }, name: { sql: "c.name", kind: "text" }, createdAt: { sql: "c.created_at", kind: "number" } },
  key: { sql: "c.id", kind: "number" },
  search: ["c.name"],
};

/** A page of the clusters whose registration is complete (a StatusChanged follows ClusterRegistered in the same transaction). */
export async function listClusters(db: Db, status?: ClusterSummary["status"], request: PageRequest = firstPage("id")): Promise<Page<ClusterSummary>> {
  const page = await pageOf<ClusterRow>(
    db,
    {
      columns: CLUSTER_COLUMNS,
      from: "clusters c",
      where: ["c.status <> 'none'", "(CAST(? AS TEXT) IS NULL OR c.status = ?)"],
      params: [status ?? null, status ?? null],
    },
    CLUSTER_LIST,
    request,
  );
  return { rows: page.rows.map(summary), next: page.next };
}

export async function clusterExists(db: Db, id: number): Promise<boolean> {
  return (await statement(db, "SELECT 1 AS found FROM clusters WHERE id = ? AND status <> 'none'").get(id)) !== undefined;
}

/** `id` when the cluster exists; otherwise the 404 to answer. */
export async function existingCluster(db: Db, id: number): Promise<number> {
  if (!(await clusterExists(db, id))) throw Refusal.notFound(`Cluster ${id} does not exist`);
  return id;
}

/** The security parameters, all written together by SecurityParamsChanged: before it, none is. */
function paramsOf(r: ClusterRow): SecurityParams | null {
  const {
    voting_period,
    quorum_bps,
    approval_threshold_bps,
    admission_policy,
    documents_must_be_encrypted,
    core_veto,
    clearing_cycle_length,
    settlement_token,
  } = r;
  if (
    voting_period === null ||
    quorum_bps === null ||
    approval_threshold_bps === null ||
    admission_policy === null ||
    documents_must_be_encrypted === null ||
    core_veto === null ||
    clearing_cycle_length === null ||
    settlement_token === null
  ) {
    return null;
  }
  return {
    votingPeriod: voting_period,
    quorumBps: quorum_bps,
    approvalThresholdBps: approval_threshold_bps,
    admissionPolicy: admission_policy,
    documentsMustBeEncrypted: documents_must_be_encrypted === 1,
    coreVeto: core_veto === 1,
    clearingCycleLength: clearing_cycle_length,
    settlementToken: settlement_token,
  };
}

export async function getCluster(db: Db, id: number): Promise<ClusterDetail | undefined> {
  const row = (await statement(db, `${SELECT_CLUSTER} WHERE c.id = ? AND c.status <> 'none'`).get(id)) as unknown as ClusterRow | undefined;
  if (!row) return undefined;
  const services = (await statement(db, "SELECT service_id FROM cluster_services WHERE cluster_id = ? ORDER BY service_id").all(id)) as Pick<
    Row<typeof clusterServices>,
    "service_id"
  >[];
  const components = (await statement(db, "SELECT kind, address FROM components WHERE cluster_id = ? ORDER BY kind").all(id)) as Pick<
    Row<typeof componentsTable>,
    "kind" | "address"
  >[];
  return {
    ...summary(row),
    params: paramsOf(row),
    settlementTokenUnit: await tokenUnit(db, row.settlement_token),
    enabledServices: services.map((s) => s.service_id),
    components: Object.fromEntries(components.map((c) => [c.kind, c.address])),
    statusHistory: await statusHistory(db, id),
  };
}

function configChangeOf(r: {
  change_type: ConfigChangeType;
  service_id: number | null;
  params_json: string | null;
  settings_cid: string | null;
}): ConfigChange["change"] {
  switch (r.change_type) {
    case "params":
      return { type: "params", params: JSON.parse(r.params_json ?? "null") as SecurityParams };
    case "serviceSettings":
      return { type: "serviceSettings", serviceId: r.service_id ?? 0, settingsCid: r.settings_cid };
    default:
      return { type: r.change_type, serviceId: r.service_id ?? 0 };
  }
}

/** Newest first. */
export async function configHistory(db: Db, id: number): Promise<ConfigChange[]> {
  const rows = (await statement(
    db,
    `SELECT config_version, change_type, service_id, params_json, settings_cid, block_number, time, tx_hash
     FROM cluster_config_history WHERE cluster_id = ? ORDER BY block_number DESC, log_index DESC`,
  ).all(id)) as {
    config_version: number;
    change_type: ConfigChangeType;
    service_id: number | null;
    params_json: string | null;
    settings_cid: string | null;
    block_number: number;
    time: number;
    tx_hash: string;
  }[];
  return rows.map((r) => ({
    configVersion: r.config_version,
    change: configChangeOf(r),
    blockNumber: r.block_number,
    time: isoFromUnix(r.time),
    txHash: r.tx_hash,
  }));
}

/** A cluster's life-cycle transitions, oldest first. */
export async function statusHistory(db: Db, clusterId: number): Promise<ClusterDetail["statusHistory"]> {
  const rows = (await statement(
    db,
    `SELECT from_status, to_status, block_number, time, tx_hash FROM cluster_status_history
     WHERE cluster_id = ? ORDER BY block_number, log_index`,
  ).all(clusterId)) as {
    from_status: ClusterDetail["statusHistory"][number]["from"];
    to_status: ClusterDetail["statusHistory"][number]["to"];
    block_number: number;
    time: number;
    tx_hash: string;
  }[];
  return rows.map((h) => ({ from: h.from_status, to: h.to_status, blockNumber: h.block_number, time: isoFromUnix(h.time), txHash: h.tx_hash }));
}
