import { statement } from "../db/statements.js";
import { ClusterRegistry__factory } from "../../types/typechain/index.js";
import type { RoleGrantedEvent, RoleRevokedEvent } from "../../types/typechain/platform/ClusterRegistry.js";
import { on } from "./context.js";

// The interfaces do not declare AccessControl's events; the registry implementation's ABI
// (which inherits them) is the source of truth for their shape.
const iface = ClusterRegistry__factory.createInterface();

/** Role grants on the registry and the catalog; "is CDC" reads CDC_ROLE on the registry. */
export const roleHandlers = [
  on<RoleGrantedEvent.OutputObject>(iface, "RoleGranted", async (ctx, e) => {
    await statement(
      ctx.db,
      `INSERT INTO role_grants (contract, role, account, block_number) VALUES (?, ?, ?, ?)
       ON CONFLICT (contract, role, account) DO NOTHING`,
    ).run(ctx.at.address, e.role.toLowerCase(), e.account.toLowerCase(), ctx.at.blockNumber);
  }),
  on<RoleRevokedEvent.OutputObject>(iface, "RoleRevoked", async (ctx, e) => {
    await statement(ctx.db, "DELETE FROM role_grants WHERE contract = ? AND role = ? AND account = ?").run(
      ctx.at.address,
      e.role.toLowerCase(),
      e.account.toLowerCase(),
    );
  }),
];
