import { INodeRegistry__factory } from "../../types/typechain/index.js";
import type {
  AccountGrantedEvent,
  AccountRevokedEvent,
  AdminTransferredEvent,
  NodeApprovedEvent,
  NodeRegisteredEvent,
  NodeRejectedEvent,
  NodeRemovedEvent,
} from "../../types/typechain/network/INodeRegistry.js";
import { statement } from "../db/statements.js";
import { on, type ApplyContext } from "../indexer/context.js";
import { enumName, NODE_REMOVALS } from "../../core/chain/enums.js";

const iface = INodeRegistry__factory.createInterface();

async function setStatus(ctx: ApplyContext, node: string, status: string, removal: string | null, reason: string | null): Promise<void> {
  await statement(ctx.db, "UPDATE network_nodes SET status = ?, removal = ?, reason = ?, updated_block = ? WHERE node = ?").run(
    status,
    removal,
    reason,
    ctx.at.blockNumber,
    node.toLowerCase(),
  );
}

/** The node registry's events: a node's record is replaced whole when it registers again. */
export const networkHandlers = [
  on<NodeRegisteredEvent.OutputObject>(iface, "NodeRegistered", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO network_nodes
         (node, owner, cluster_id, public_key, host, port, status, removal, reason, registered_block, registered_at, updated_block)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, ?, ?, ?)
       ON CONFLICT (node) DO UPDATE SET owner = excluded.owner, cluster_id = excluded.cluster_id, public_key = excluded.public_key,
         host = excluded.host, port = excluded.port, status = excluded.status, removal = NULL, reason = NULL,
         registered_block = excluded.registered_block, registered_at = excluded.registered_at, updated_block = excluded.updated_block`,
    ).run(
      e.node.toLowerCase(),
      e.owner.toLowerCase(),
      e.clusterId,
      e.publicKey.toLowerCase(),
      e.host,
      Number(e.port),
      ctx.at.blockNumber,
      ctx.at.time,
      ctx.at.blockNumber,
    );
  }),
  on<NodeApprovedEvent.OutputObject>(iface, "NodeApproved", (ctx, e) => setStatus(ctx, e.node, "approved", null, null)),
  on<NodeRejectedEvent.OutputObject>(iface, "NodeRejected", (ctx, e) => setStatus(ctx, e.node, "rejected", null, e.reason)),
  on<NodeRemovedEvent.OutputObject>(iface, "NodeRemoved", (ctx, e) => setStatus(ctx, e.node, "removed", enumName(NODE_REMOVALS, e.reason), null)),
  on<AccountGrantedEvent.OutputObject>(iface, "AccountGranted", async (ctx, e) => {
    await statement(
      ctx.db,
      "INSERT INTO network_accounts (account, granted_block) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET granted_block = excluded.granted_block",
    ).run(e.account.toLowerCase(), ctx.at.blockNumber);
  }),
  on<AccountRevokedEvent.OutputObject>(iface, "AccountRevoked", async (ctx, e) => {
    await statement(ctx.db, "DELETE FROM network_accounts WHERE account = ?").run(e.account.toLowerCase());
  }),
  on<AdminTransferredEvent.OutputObject>(iface, "AdminTransferred", async (ctx, e) => {
    await statement(ctx.db, "INSERT INTO network_admin (registry, admin) VALUES (?, ?) ON CONFLICT (registry) DO UPDATE SET admin = excluded.admin").run(
      ctx.at.address,
      e.newAdmin.toLowerCase(),
    );
  }),
];
