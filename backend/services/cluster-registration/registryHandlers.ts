import { decodeBytes32String, ZeroHash } from "ethers";
import { cidFromDigest } from "../../../core/content/cidDigest.js";
import { ADMISSION_POLICIES, CLUSTER_STATUSES, enumName } from "../../../core/chain/enums.js";
import { statement } from "../../db/statements.js";
import { IClusterRegistry__factory } from "../../../types/typechain/index.js";
import type {
  CdoChangedEvent,
  ClusterRegisteredEvent,
  ComponentAttachedEvent,
  DefaultParamsChangedEvent,
  IClusterRegistry,
  SecurityParamsChangedEvent,
  ServiceDisabledEvent,
  ServiceEnabledEvent,
  ServiceSettingsChangedEvent,
  StatusChangedEvent,
  WindDownPeriodChangedEvent,
  ClusterWindDownPeriodEvent,
} from "../../../types/typechain/platform/IClusterRegistry.js";
import { on, type ApplyContext } from "../../indexer/context.js";
import type { CONFIG_CHANGE_TYPES } from "../service-configuration/tables.js";

const iface = IClusterRegistry__factory.createInterface();

/** Component kinds are bytes32 ASCII names; anything else is kept as hex. */
export function componentKind(kind: string): string {
  try {
    return decodeBytes32String(kind);
  } catch {
    return kind;
  }
}

/** The API's shape of the security parameters, stored as JSON in the config history. */
export function paramsObject(p: IClusterRegistry.SecurityParamsStructOutput) {
  return {
    votingPeriod: Number(p.votingPeriod),
    quorumBps: Number(p.quorumBps),
    approvalThresholdBps: Number(p.approvalThresholdBps),
    admissionPolicy: enumName(ADMISSION_POLICIES, p.admissionPolicy),
    documentsMustBeEncrypted: p.documentsMustBeEncrypted,
    coreVeto: p.coreVeto,
    clearingCycleLength: Number(p.clearingCycleLength),
    settlementToken: p.settlementToken.toLowerCase(),
  };
}

async function bumpConfigVersion(ctx: ApplyContext, clusterId: bigint, version: bigint): Promise<void> {
  await statement(ctx.db, "UPDATE clusters SET config_version = ? WHERE id = ? AND config_version < ?").run(version, clusterId, version);
}

export type ConfigChangeType = (typeof CONFIG_CHANGE_TYPES)[number];

/** The CIDv0 a settings digest names; the zero digest (the manifest's defaults) names none. */
export function settingsCidOf(digest: string): string | null {
  return digest === ZeroHash ? null : cidFromDigest(digest);
}

async function configChange(
  ctx: ApplyContext,
  clusterId: bigint,
  version: bigint,
  type: ConfigChangeType,
  serviceId: bigint | null,
  detail: { paramsJson?: string; settingsCid?: string | null } = {},
): Promise<void> {
  await statement(
    ctx.db,
    `INSERT INTO cluster_config_history
       (cluster_id, config_version, change_type, service_id, params_json, settings_cid, block_number, log_index, time, tx_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    clusterId,
    version,
    type,
    serviceId,
    detail.paramsJson ?? null,
    detail.settingsCid ?? null,
    ctx.at.blockNumber,
    ctx.at.logIndex,
    ctx.at.time,
    ctx.at.transactionHash,
  );
  await bumpConfigVersion(ctx, clusterId, version);
}

export const MEMBERSHIP_KIND = "Membership";

async function setSetting(ctx: ApplyContext, key: "wind_down_period" | "default_params", value: string): Promise<void> {
  await statement(ctx.db, "INSERT INTO platform_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}

export const registryHandlers = [
  on<ClusterRegisteredEvent.OutputObject>(iface, "ClusterRegistered", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO clusters (id, name, cdo, registered_by, status, config_version, created_block, created_at)
       VALUES (?, ?, ?, ?, 'none', 0, ?, ?)`,
    ).run(e.clusterId, e.name, e.cdo.toLowerCase(), e.registeredBy.toLowerCase(), ctx.at.blockNumber, ctx.at.time);
  }),
  on<StatusChangedEvent.OutputObject>(iface, "StatusChanged", async (ctx, e) => {
    const to = enumName(CLUSTER_STATUSES, e.to);
    await statement(ctx.db, "UPDATE clusters SET status = ? WHERE id = ?").run(to, e.clusterId);
    await statement(
      ctx.db,
      `INSERT INTO cluster_status_history (cluster_id, from_status, to_status, block_number, log_index, time, tx_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(e.clusterId, enumName(CLUSTER_STATUSES, e.from), to, ctx.at.blockNumber, ctx.at.logIndex, ctx.at.time, ctx.at.transactionHash);
  }),
  on<SecurityParamsChangedEvent.OutputObject>(iface, "SecurityParamsChanged", async (ctx, e) => {
    const p = paramsObject(e.params);
    await statement(
      ctx.db,
      `UPDATE clusters SET voting_period = ?, quorum_bps = ?, approval_threshold_bps = ?, admission_policy = ?,
         documents_must_be_encrypted = ?, core_veto = ?, clearing_cycle_length = ?, settlement_token = ?
       WHERE id = ?`,
    ).run(
      p.votingPeriod,
      p.quorumBps,
      p.approvalThresholdBps,
      p.admissionPolicy,
      p.documentsMustBeEncrypted ? 1 : 0,
      p.coreVeto ? 1 : 0,
      p.clearingCycleLength,
      p.settlementToken,
      e.clusterId,
    );
    await configChange(ctx, e.clusterId, e.configVersion, "params", null, { paramsJson: JSON.stringify(p) });
  }),
  on<ServiceEnabledEvent.OutputObject>(iface, "ServiceEnabled", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO cluster_services (cluster_id, service_id, config_version) VALUES (?, ?, ?)
       ON CONFLICT (cluster_id, service_id) DO UPDATE SET config_version = excluded.config_version`,
    ).run(e.clusterId, e.serviceId, e.configVersion);
    await configChange(ctx, e.clusterId, e.configVersion, "serviceEnabled", e.serviceId);
  }),
  on<ServiceDisabledEvent.OutputObject>(iface, "ServiceDisabled", async (ctx, e) => {
    await statement(ctx.db, "DELETE FROM cluster_services WHERE cluster_id = ? AND service_id = ?").run(e.clusterId, e.serviceId);
    await configChange(ctx, e.clusterId, e.configVersion, "serviceDisabled", e.serviceId);
  }),
  on<ServiceSettingsChangedEvent.OutputObject>(iface, "ServiceSettingsChanged", async (ctx, e) => {
    const settingsCid = settingsCidOf(e.settings);
    await statement(
      ctx.db,
      `INSERT INTO cluster_service_settings (cluster_id, service_id, settings_cid, config_version) VALUES (?, ?, ?, ?)
       ON CONFLICT (cluster_id, service_id) DO UPDATE SET settings_cid = excluded.settings_cid, config_version = excluded.config_version`,
    ).run(e.clusterId, e.serviceId, settingsCid, e.configVersion);
    await configChange(ctx, e.clusterId, e.configVersion, "serviceSettings", e.serviceId, { settingsCid });
  }),
  on<ComponentAttachedEvent.OutputObject>(
    iface,
    "ComponentAttached",
    async (ctx, e) => {
      const kind = componentKind(e.kind);
      const address = e.component.toLowerCase();
      await statement(
        ctx.db,
        `INSERT INTO components (cluster_id, kind, address, block_number) VALUES (?, ?, ?, ?)
         ON CONFLICT (cluster_id, kind) DO UPDATE SET address = excluded.address, block_number = excluded.block_number`,
      ).run(e.clusterId, kind, address, ctx.at.blockNumber);
      if (kind === MEMBERSHIP_KIND) {
        await statement(ctx.db, "UPDATE clusters SET membership = ? WHERE id = ?").run(address, e.clusterId);
      }
    },
    // Every attached clone is announced; the batch follows the kinds it has handlers for.
    (e) => ({ address: e.component.toLowerCase(), clusterId: Number(e.clusterId), component: componentKind(e.kind) }),
  ),
  on<WindDownPeriodChangedEvent.OutputObject>(iface, "WindDownPeriodChanged", async (ctx, e) => {
    await setSetting(ctx, "wind_down_period", String(e.windDownPeriod));
  }),
  on<ClusterWindDownPeriodEvent.OutputObject>(iface, "ClusterWindDownPeriod", async (ctx, e) => {
    await statement(ctx.db, "UPDATE clusters SET wind_down_period = ? WHERE id = ?").run(e.windDownPeriod, e.clusterId);
  }),
  on<DefaultParamsChangedEvent.OutputObject>(iface, "DefaultParamsChanged", async (ctx, e) => {
    await setSetting(ctx, "default_params", JSON.stringify(paramsObject(e.params)));
  }),
  on<CdoChangedEvent.OutputObject>(iface, "CdoChanged", async (ctx, e) => {
    await statement(ctx.db, "UPDATE clusters SET cdo = ? WHERE id = ?").run(e.newCdo.toLowerCase(), e.clusterId);
  }),
];
