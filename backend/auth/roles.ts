import { id } from "ethers";
import type { Db } from "../db/db.js";
import type { z } from "zod";
import { statement } from "../db/statements.js";
import type { roles } from "../../core/api/schemas/auth.js";

export type Roles = z.input<typeof roles>;

export const CDC_ROLE = id("CDC_ROLE");

/**
 * What an address may do, read from the index at request time (so a role granted or revoked
 * on chain takes effect without signing in again).
 */
export async function rolesOf(db: Db, address: string, registry: string | null): Promise<Roles> {
  const account = address.toLowerCase();
  const cdc =
    registry !== null &&
    (await statement(db, "SELECT 1 AS found FROM role_grants WHERE contract = ? AND role = ? AND account = ?").get(
      registry.toLowerCase(),
      CDC_ROLE,
      account,
    )) !== undefined;
  const rows = (await statement(
    db,
    `SELECT c.id AS cluster_id, c.name AS cluster_name, c.cdo = ? AS is_cdo, m.role AS role, m.name AS member_name
     FROM clusters c LEFT JOIN members m ON m.cluster_id = c.id AND m.address = ? AND m.role <> 'none'
     WHERE c.cdo = ? OR m.address IS NOT NULL
     ORDER BY c.id`,
  ).all(account, account, account)) as {
    cluster_id: number;
    cluster_name: string;
    is_cdo: number;
    role: "participant" | "core" | null;
    member_name: string | null;
  }[];
  return {
    cdc,
    clusters: rows.map((r) => ({
      clusterId: r.cluster_id,
      clusterName: r.cluster_name,
      cdo: r.is_cdo === 1,
      role: r.role ?? null,
      memberName: r.role ? r.member_name : null,
    })),
  };
}
