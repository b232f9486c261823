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

function setStatus(ctx: ApplyContext, node: string, status: string, removal: string | null, reason: string | null): void {
  statement(ctx.db, "UPDATE network_nodes SET status = ?, removal = ?, reason = ?, updated_block = ? WHERE node = ?").run(
    status,
    removal,
    reason,
    ctx.at.blockNumber,
    node.toLowerCase(),
  );
}

/** The node registry's events: a node's record is replaced whole when it registers again. */
export const networkHandlers = [
  on<NodeRegisteredEvent.OutputObject>(iface, "NodeRegistered", (ctx, e) => {
    statement(
      ctx.db,
      `INSERT OR REPLACE INTO network_nodes
         (node, owner, cluster_id, public_key, host, port, status, removal, reason, registered_block, registered_at, updated_block)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, ?, ?, ?)`,
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
  on<AccountGrantedEvent.OutputObject>(iface, "AccountGranted", (ctx, e) => {
    statement(ctx.db, "INSERT OR REPLACE INTO network_accounts (account, granted_block) VALUES (?, ?)").run(e.account.toLowerCase(), ctx.at.blockNumber);
  }),
  on<AccountRevokedEvent.OutputObject>(iface, "AccountRevoked", (ctx, e) => {
    statement(ctx.db, "DELETE FROM network_accounts WHERE account = ?").run(e.account.toLowerCase());
  }),
  on<AdminTransferredEvent.OutputObject>(iface, "AdminTransferred", (ctx, e) => {
    statement(ctx.db, "INSERT OR REPLACE INTO network_admin (registry, admin) VALUES (?, ?)").run(ctx.at.address, e.newAdmin.toLowerCase());
  }),
];
