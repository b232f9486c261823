import type { Db } from "../db/db.js";
import { statement } from "../db/statements.js";

/** What every node's local allowlists must hold, as Besu writes the entries, sorted. */
export interface Allowlists {
  /** enode://<128 hex>@host:port */
  nodes: string[];
  /** lowercase 0x addresses */
  accounts: string[];
}

/** Clusters whose members still act on chain: voting on their formation, active, or winding down. */
const LIVE = "('initiative', 'voting', 'forming', 'active', 'dissolving')";

/**
 * SQL: the node `n`'s owner is a member of an active or dissolving cluster (or `n` is the CDC's
 * own): NodeRegistry.isAllowed's rule, the one place the index states it.
 */
export const OWNER_QUALIFIES = `(n.cluster_id = 0 OR EXISTS (
  SELECT 1 FROM members m JOIN clusters c ON c.id = m.cluster_id
  WHERE m.cluster_id = n.cluster_id AND m.address = n.owner AND c.status IN ('active', 'dissolving')))`;

export function enodeUrl(publicKey: string, host: string, port: number): string {
  return `enode://${publicKey.replace(/^0x/, "").toLowerCase()}@${host}:${port}`;
}

/**
 * The allowlists the chain decides, read from the index: approved nodes whose owner is a member
 * of an active or dissolving cluster (or the CDC's own), and the accounts of every member of a
 * live cluster, its CDO, the registry's admin and the accounts it granted.
 */
export async function desiredAllowlists(db: Db): Promise<Allowlists> {
  const nodes = (await statement(db, `SELECT n.public_key, n.host, n.port FROM network_nodes n WHERE n.status = 'approved' AND ${OWNER_QUALIFIES}`).all()) as {
    public_key: string;
    host: string;
    port: number;
  }[];
  const accounts = (await statement(
    db,
    `SELECT admin AS account FROM network_admin
     UNION SELECT account FROM network_accounts
     UNION SELECT m.address FROM members m JOIN clusters c ON c.id = m.cluster_id WHERE c.status IN ${LIVE}
     UNION SELECT cdo FROM clusters WHERE status IN ${LIVE}`,
  ).all()) as { account: string }[];
  return {
    nodes: [...new Set(nodes.map((n) => enodeUrl(n.public_key, n.host, n.port)))].sort(),
    accounts: [...new Set(accounts.map((a) => a.account.toLowerCase()))].sort(),
  };
}

/** Registered nodes still approved whose owner left (expelled, or the cluster ended): what pruneNode records. */
export async function nodesToPrune(db: Db): Promise<string[]> {
  const rows = (await statement(db, `SELECT n.node FROM network_nodes n WHERE n.status IN ('pending', 'approved') AND NOT ${OWNER_QUALIFIES}`).all()) as {
    node: string;
  }[];
  return rows.map((r) => r.node);
}
