// Queries on the clearing's index tables that the indexer and the read side share.
import type { Row } from "./table.js";
import type { clearingObligations } from "../services/corporate-clearing/tables.js";

/**
 * The confirmed, unsettled obligations a closed cycle clears: those confirmed in its base..itself.
 * `amount` is what each adds to net positions: its amount, or what an unwind rolled of it.
 */
export const CYCLE_OBLIGATIONS_SQL = cycleObligationsSql(["confirmed"]);

/** The same over obligations in `statuses`: a finished cycle's settled ones too, for its history. */
export function cycleObligationsSql(statuses: readonly ("confirmed" | "settled")[]): string {
  return `SELECT obligation_id, debtor, creditor, COALESCE(rolled_amount, amount) AS amount, outstanding, status
  FROM clearing_obligations WHERE cluster_id = ? AND status IN (${statuses.map((s) => `'${s}'`).join(", ")}) AND cycle BETWEEN ? AND ? ORDER BY obligation_id`;
}

export type CycleObligationRow = Pick<Row<typeof clearingObligations>, "obligation_id" | "debtor" | "creditor" | "amount" | "outstanding" | "status">;
