import { statement } from "../../db/statements.js";
import { IClusterFactory__factory } from "../../../types/typechain/index.js";
import type {
  ClusterDeployedEvent,
  DissolutionInitiativeRegisteredEvent,
  InitiativeRegisteredEvent,
} from "../../../types/typechain/platform/IClusterFactory.js";
import { on, type ApplyContext } from "../../indexer/context.js";
import { MEMBERSHIP_KIND } from "./registryHandlers.js";

const iface = IClusterFactory__factory.createInterface();

async function initiative(
  ctx: ApplyContext,
  e: { clusterId: bigint; proposalId: bigint; registeredBy: string },
  purpose: "formation" | "dissolution",
): Promise<void> {
  await statement(
    ctx.db,
    `INSERT INTO initiatives (cluster_id, proposal_id, purpose, registered_by, block_number, time, tx_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cluster_id, proposal_id) DO NOTHING`,
  ).run(e.clusterId, e.proposalId.toString(), purpose, e.registeredBy.toLowerCase(), ctx.at.blockNumber, ctx.at.time, ctx.at.transactionHash);
}

export const factoryHandlers = [
  // The group's Membership and Governor are announced by the registry's ComponentAttached.
  on<InitiativeRegisteredEvent.OutputObject>(iface, "InitiativeRegistered", (ctx, e) => initiative(ctx, e, "formation")),
  on<DissolutionInitiativeRegisteredEvent.OutputObject>(iface, "DissolutionInitiativeRegistered", (ctx, e) => initiative(ctx, e, "dissolution")),
  // The registry's ComponentAttached already names the clone; this covers a factory whose
  // registry announcement came from elsewhere, and is idempotent with it.
  on<ClusterDeployedEvent.OutputObject>(
    iface,
    "ClusterDeployed",
    async (ctx, e) => {
      const address = e.membership.toLowerCase();
      await statement(ctx.db, "UPDATE clusters SET membership = ? WHERE id = ?").run(address, e.clusterId);
      await statement(
        ctx.db,
        `INSERT INTO components (cluster_id, kind, address, block_number) VALUES (?, ?, ?, ?)
         ON CONFLICT (cluster_id, kind) DO NOTHING`,
      ).run(e.clusterId, MEMBERSHIP_KIND, address, ctx.at.blockNumber);
    },
    (e) => ({ address: e.membership.toLowerCase(), clusterId: Number(e.clusterId), component: MEMBERSHIP_KIND }),
  ),
];
