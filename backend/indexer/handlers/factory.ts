import { statement } from "../../db/statements.js";
import { IClusterFactory__factory } from "../../../types/typechain/index.js";
import type { ClusterDeployedEvent } from "../../../types/typechain/platform/IClusterFactory.js";
import { on } from "../context.js";
import { MEMBERSHIP_KIND } from "./registry.js";

const iface = IClusterFactory__factory.createInterface();

export const factoryHandlers = [
  // The registry's ComponentAttached already names the clone; this covers a factory whose
  // registry announcement came from elsewhere, and is idempotent with it.
  on<ClusterDeployedEvent.OutputObject>(
    iface,
    "ClusterDeployed",
    (ctx, e) => {
      const address = e.membership.toLowerCase();
      statement(ctx.db, "UPDATE clusters SET membership = ? WHERE id = ?").run(address, e.clusterId);
      statement(
        ctx.db,
        `INSERT INTO components (cluster_id, kind, address, block_number) VALUES (?, ?, ?, ?)
         ON CONFLICT (cluster_id, kind) DO NOTHING`,
      ).run(e.clusterId, MEMBERSHIP_KIND, address, ctx.at.blockNumber);
    },
    (e) => ({ address: e.membership.toLowerCase(), clusterId: Number(e.clusterId), component: MEMBERSHIP_KIND }),
  ),
];
