import { enumName, REPOSITORIES } from "../../../core/chain/enums.js";
import { statement } from "../../db/statements.js";
import { IServiceCatalog__factory } from "../../../types/typechain/index.js";
import type { ServiceDeprecatedEvent, ServiceRegisteredEvent, ServiceVersionPublishedEvent } from "../../../types/typechain/platform/IServiceCatalog.js";
import { on, type ApplyContext } from "../../indexer/context.js";

const iface = IServiceCatalog__factory.createInterface();

async function recordVersion(ctx: ApplyContext, serviceId: bigint, version: string, manifestCid: string): Promise<void> {
  await statement(
    ctx.db,
    `INSERT INTO service_versions (service_id, version, manifest_cid, block_number, log_index, tx_hash)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(serviceId, version, manifestCid, ctx.at.blockNumber, ctx.at.logIndex, ctx.at.transactionHash);
}

export const catalogHandlers = [
  on<ServiceRegisteredEvent.OutputObject>(iface, "ServiceRegistered", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO services (id, name, repository, version, manifest_cid, status, registered_block, registered_tx)
       VALUES (?, ?, ?, ?, ?, 'active', ?, ?)`,
    ).run(e.serviceId, e.name, enumName(REPOSITORIES, e.repository), e.version, e.manifestCid, ctx.at.blockNumber, ctx.at.transactionHash);
    await recordVersion(ctx, e.serviceId, e.version, e.manifestCid);
  }),
  on<ServiceVersionPublishedEvent.OutputObject>(iface, "ServiceVersionPublished", async (ctx, e) => {
    await statement(ctx.db, "UPDATE services SET version = ?, manifest_cid = ? WHERE id = ?").run(e.version, e.manifestCid, e.serviceId);
    await recordVersion(ctx, e.serviceId, e.version, e.manifestCid);
  }),
  on<ServiceDeprecatedEvent.OutputObject>(iface, "ServiceDeprecated", async (ctx, e) => {
    await statement(ctx.db, "UPDATE services SET status = 'deprecated' WHERE id = ?").run(e.serviceId);
  }),
];
