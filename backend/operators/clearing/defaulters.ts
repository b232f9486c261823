import type { Db } from "../../db/db.js";
import { statement } from "../../db/statements.js";

/** Net debtors of an unwinding cycle that funded nothing and whose default is not on record yet. */
export async function unrecordedDefaulters(db: Db, clusterId: number, cycle: number): Promise<string[]> {
  const rows = (await statement(db, "SELECT member, net, funded, defaulted FROM clearing_positions WHERE cluster_id = ? AND cycle = ? ORDER BY member").all(
    clusterId,
    cycle,
  )) as { member: string; net: string; funded: string; defaulted: number }[];
  return rows.filter((p) => BigInt(p.net) < 0n && BigInt(p.funded) === 0n && p.defaulted === 0).map((p) => p.member);
}
