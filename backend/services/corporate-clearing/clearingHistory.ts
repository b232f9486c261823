import type { Db } from "../../db/db.js";
import type { z } from "zod";
import { statement } from "../../db/statements.js";
import type { cycleHistory } from "../../../core/api/schemas/clearing.js";
import { toCycles, type CycleRow } from "./clearing.js";

type CycleHistory = z.input<typeof cycleHistory>;

/** Finished (settled or defaulted) cycles, newest first, `limit` at a time below the cursor `before`. */
export async function cycleHistoryOf(db: Db, clusterId: number, page: { before?: number; limit: number }): Promise<CycleHistory> {
  // One row more than asked says whether an older page exists.
  const rows = (await statement(
    db,
    `SELECT * FROM clearing_cycles WHERE cluster_id = ? AND phase IN ('settled', 'defaulted') AND (CAST(? AS TEXT) IS NULL OR cycle < ?)
     ORDER BY cycle DESC LIMIT ?`,
  ).all(clusterId, page.before ?? null, page.before ?? null, page.limit + 1)) as unknown as CycleRow[];
  const shown = rows.slice(0, page.limit);
  return {
    cycles: await toCycles(db, clusterId, shown),
    nextCursor: rows.length > page.limit ? shown[shown.length - 1]!.cycle : null,
  };
}
